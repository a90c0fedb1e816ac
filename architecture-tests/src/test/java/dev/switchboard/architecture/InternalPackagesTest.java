package dev.switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A class in an internal package is used only inside its own Maven module, as if every module had a
 * module-info exporting only its API. Two qualified exports, of machinery that several modules
 * share but no user of the SDK is to call (a public type would become API, in the module's
 * baseline):
 *
 * <ul>
 *   <li>sdk-wire's internals ({@code dev.switchboard.wire.internal..}) to the HTTP adapters
 *       sdk-foundry and sdk-local: the transport, the stream readers and the dialect codecs;
 *   <li>sdk-jdbc's group commit ({@code dev.switchboard.jdbc.internal.batch}, and nothing else of
 *       its internals) to sdk-cost and sdk-compliance: the JDBC ledger and the JDBC audit trail
 *       write through it.
 * </ul>
 *
 * <p>Checked twice: on the class files (every call, field access, signature and annotation), and on
 * the sources' imports, because javac copies constants ({@code static final} strings and
 * primitives) into the classes that use them and leaves no trace of where they came from.
 */
@AnalyzeClasses(packages = "dev.switchboard", importOptions = Modules.MainCodeOfModules.class)
class InternalPackagesTest {
  private static final Pattern IMPORT =
      Pattern.compile("\\s*import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;.*");

  /**
   * Internal packages (by prefix) that named other modules may use; a module's name is its
   * directory's without {@code sdk-} (see {@link Modules}).
   */
  private static final Map<String, Set<String>> QUALIFIED_EXPORTS =
      Map.of(
          "dev.switchboard.wire.internal", Set.of("foundry", "local"),
          "dev.switchboard.jdbc.internal.batch", Set.of("cost", "compliance"));

  /** The exports above, as the failure messages name them. */
  private static final String EXPORTED =
      "sdk-wire exports its internals to sdk-foundry and sdk-local only, sdk-jdbc its group commit"
          + " (internal.batch) to sdk-cost and sdk-compliance only";

  @ArchTest
  static final ArchRule internalsAreUsedOnlyInTheirOwnModule =
      classes()
          .should(useInternalsOnlyOfTheirOwnModule())
          .because(
              "an internal package is its module's private machinery: another module that uses it"
                  + " breaks when the module changes its internals ("
                  + EXPORTED
                  + ")");

  @ArchTest
  static void sourcesImportNoOtherModulesInternals(JavaClasses classes) {
    List<String> violations = new ArrayList<>();
    importCrossings(classes).forEach((crossing, where) -> violations.add(where));
    if (!violations.isEmpty()) {
      throw new AssertionError(
          "Sources import another module's internal classes (an internal package"
              + " is its module's private machinery; "
              + EXPORTED
              + "):\n  "
              + String.join("\n  ", violations));
    }
  }

  private static ArchCondition<JavaClass> useInternalsOnlyOfTheirOwnModule() {
    return new ArchCondition<>("use internal packages only of their own module") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          Optional<String> crossing = crossing(d);
          if (crossing.isEmpty()) continue;
          events.add(
              SimpleConditionEvent.violated(
                  d,
                  "module "
                      + Modules.of(origin).orElseThrow()
                      + " uses "
                      + "module "
                      + Modules.of(d.getTargetClass()).orElseThrow()
                      + "'s internals: "
                      + d.getDescription()));
        }
      }
    };
  }

  /**
   * "user -> internal class" if the dependency reaches into another module's internals, unexported.
   */
  private static Optional<String> crossing(Dependency d) {
    return crossing(
        Modules.topLevel(d.getOriginClass()), Modules.of(d.getOriginClass()), d.getTargetClass());
  }

  private static Optional<String> crossing(
      String origin, Optional<String> originModule, JavaClass target) {
    if (!Modules.isInternal(target)) return Optional.empty();
    Optional<String> targetModule = Modules.of(target);
    if (targetModule.isEmpty() || originModule.isEmpty() || targetModule.equals(originModule)) {
      return Optional.empty();
    }
    for (Map.Entry<String, Set<String>> export : QUALIFIED_EXPORTS.entrySet()) {
      String pkg = target.getPackageName();
      if ((pkg.equals(export.getKey()) || pkg.startsWith(export.getKey() + "."))
          && export.getValue().contains(originModule.get())) {
        return Optional.empty();
      }
    }
    return Optional.of(origin + " -> " + Modules.topLevel(target));
  }

  /**
   * The crossings in the main sources' imports, each with where it is. A module's sources are found
   * next to its classes: {@code <module-dir>/src/main/java} beside {@code <module-dir>/target}.
   */
  private static Map<String, String> importCrossings(JavaClasses classes) {
    Map<String, JavaClass> byName = new HashMap<>();
    Map<String, Path> sourceRoots = new TreeMap<>();
    for (JavaClass c : classes) {
      byName.put(c.getName().replace('$', '.'), c);
      Optional<String> module = Modules.of(c);
      Optional<Path> root = c.getSource().flatMap(s -> Modules.sourceRoot(s.getUri()));
      if (module.isPresent() && root.isPresent()) sourceRoots.putIfAbsent(module.get(), root.get());
    }
    Map<String, String> out = new TreeMap<>();
    sourceRoots.forEach(
        (module, root) -> {
          try (Stream<Path> files = Files.walk(root)) {
            for (Path file :
                files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
              String rel = root.relativize(file).toString().replace('\\', '/');
              String origin = rel.substring(0, rel.length() - ".java".length()).replace('/', '.');
              List<String> lines = Files.readAllLines(file);
              for (int i = 0; i < lines.size(); i++) {
                Matcher m = IMPORT.matcher(lines.get(i));
                if (!m.matches()) continue;
                JavaClass target = importedClass(byName, m.group(1));
                if (target == null) continue;
                String where =
                    file.getFileName()
                        + ":"
                        + (i + 1)
                        + " (module "
                        + module
                        + ") imports "
                        + target.getName();
                crossing(origin, Optional.of(module), target)
                    .ifPresent(c -> out.putIfAbsent(c, where));
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources under " + root, e);
          }
        });
    return out;
  }

  /** The class an import names: the longest prefix of the name that is a class we imported. */
  private static JavaClass importedClass(Map<String, JavaClass> byName, String name) {
    String n = name;
    while (true) {
      JavaClass c = byName.get(n);
      if (c != null) return c;
      int dot = n.lastIndexOf('.');
      if (dot < 0) return null;
      n = n.substring(0, dot);
    }
  }
}
