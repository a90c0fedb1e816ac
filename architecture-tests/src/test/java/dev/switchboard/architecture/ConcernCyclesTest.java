package dev.switchboard.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Dependencies between the SDK's concerns flow one way: no package cycle crosses from one concern
 * to another. The concerns are the config loader, routing, the pipeline assembly, the core's
 * public API and SPI, cost, compliance and audit, and each adapter. Value packages of the public
 * API ({@code chat}, {@code embedding}, {@code usage}, {@code error}, the compliance tags) form one
 * concern, so they may refer to each other.
 */
@AnalyzeClasses(packages = "dev.switchboard", importOptions = Modules.MainCodeOfModules.class)
class ConcernCyclesTest {

  @ArchTest
  static final ArchRule noCycleCrossesConcerns = slices()
      .assignedFrom(new Concerns())
      .should().beFreeOfCycles()
      .because("a cycle between concerns (the config loader reading cost internals that read the"
          + " config loader) means neither can change or be understood alone");

  /** Which concern a class belongs to, by package. */
  static final class Concerns implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String p = c.getPackageName();
      if (!p.startsWith("dev.switchboard")) return SliceIdentifier.ignore();
      return SliceIdentifier.of(concern(p));
    }

    static String concern(String p) {
      if (p.startsWith("dev.switchboard.internal.config") || p.equals("dev.switchboard.config")) return "config loader";
      if (p.startsWith("dev.switchboard.internal.routing")) return "routing";
      if (p.startsWith("dev.switchboard.internal.pipeline")) return "pipeline assembly";
      if (p.equals("dev.switchboard.spi")) return "SPI";
      if (p.startsWith("dev.switchboard.cost")) return "cost";
      if (p.matches("dev\\.switchboard\\.compliance\\.(engine|policy|detect|transform|internal)(\\..*)?")) {
        return "compliance engine";
      }
      if (p.startsWith("dev.switchboard.compliance.audit")) return "audit";
      if (p.startsWith("dev.switchboard.wire")) return "wire";
      if (p.startsWith("dev.switchboard.foundry")) return "foundry adapter";
      if (p.startsWith("dev.switchboard.local")) return "local adapters";
      if (p.startsWith("dev.switchboard.mock")) return "mock";
      if (p.startsWith("dev.switchboard.testkit")) return "testkit";
      return "core API and values";
    }

    @Override
    public String getDescription() {
      return "the SDK's concerns";
    }
  }
}
