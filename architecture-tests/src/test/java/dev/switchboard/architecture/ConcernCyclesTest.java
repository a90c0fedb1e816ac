package dev.switchboard.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;

/**
 * Dependencies between the SDK's concerns flow one way: no package cycle crosses from one concern
 * to another. The concerns are the client and its assembly, the pipeline, routing, the config
 * loader, cost, compliance with audit, and each adapter; everything else of the core (the public
 * value packages, the SPI, the exception tree, small internal utilities) is one concern, within
 * which packages may refer to each other, as the value types of an API do.
 */
@AnalyzeClasses(packages = "dev.switchboard", importOptions = Modules.MainCodeOfModules.class)
class ConcernCyclesTest {
  private static final Set<String> CLIENT =
      Set.of("dev.switchboard.ModelClient", "dev.switchboard.ModelClientBuilder");

  @ArchTest
  static final ArchRule noCycleCrossesConcerns =
      slices()
          .assignedFrom(new Concerns())
          .should()
          .beFreeOfCycles()
          .because(
              "a cycle between concerns (the config loader reading cost internals that read the"
                  + " config loader) means neither can change or be understood alone");

  /** Which concern a class belongs to, by package (and, in the root package, by class). */
  static final class Concerns implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      if (!c.getPackageName().startsWith("dev.switchboard")) return SliceIdentifier.ignore();
      String top = Modules.topLevel(c);
      if (CLIENT.contains(top)) return SliceIdentifier.of("client");
      return SliceIdentifier.of(concern(c.getPackageName()));
    }

    static String concern(String p) {
      if (p.startsWith("dev.switchboard.internal.assembly")) return "client";
      if (p.startsWith("dev.switchboard.internal.pipeline")) return "pipeline";
      if (p.startsWith("dev.switchboard.internal.routing")) return "routing";
      if (p.startsWith("dev.switchboard.internal.config") || p.equals("dev.switchboard.config"))
        return "config loader";
      if (p.startsWith("dev.switchboard.cost")) return "cost";
      if (p.startsWith("dev.switchboard.jdbc")) return "shared database";
      if (p.matches(
          "dev\\.switchboard\\.compliance\\.(engine|policy|detect|transform|audit|internal)(\\..*)?")) {
        return "compliance and audit";
      }
      if (p.startsWith("dev.switchboard.structured")) return "typed answers and tools";
      if (p.startsWith("dev.switchboard.wire")) return "wire";
      if (p.startsWith("dev.switchboard.foundry")) return "foundry adapter";
      if (p.startsWith("dev.switchboard.local")) return "local adapters";
      if (p.startsWith("dev.switchboard.mock")) return "mock";
      if (p.startsWith("dev.switchboard.observability")) return "observability";
      if (p.startsWith("dev.switchboard.spring")) return "spring boot";
      if (p.startsWith("dev.switchboard.testkit")) return "testkit";
      return "API, values and SPI";
    }

    @Override
    public String getDescription() {
      return "the SDK's concerns";
    }
  }
}
