package dev.switchboard.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.opentest4j.TestAbortedException;

/**
 * Every module's jar names its Java module in its manifest ({@code Automatic-Module-Name}), as
 * {@code dev.switchboard.<x>} for {@code switchboard-<x>}, so users on the module path get stable
 * names. Reads the jars on the test class path: in {@code mvn verify} the reactor hands over the
 * modules' jars (in {@code mvn test} only their classes directories, and this test is skipped).
 */
@AnalyzeClasses(packages = "dev.switchboard", importOptions = Modules.MainCodeOfModules.class)
class ModuleNamesTest {
  /**
   * Modules that must be on the class path, so that a broken import cannot pass by finding none.
   */
  private static final Set<String> EXPECTED =
      Set.of(
          "api",
          "cost",
          "compliance",
          "jdbc",
          "structured",
          "wire",
          "foundry",
          "local",
          "mock",
          "testkit",
          "observability",
          "spring-boot-starter");

  @ArchTest
  static void everyModuleJarNamesItsJavaModule(JavaClasses classes) {
    Map<String, URI> locations = new TreeMap<>();
    for (JavaClass c : classes) {
      Optional<URI> uri = c.getSource().map(Source::getUri);
      Optional<String> module = Modules.of(c);
      if (uri.isPresent() && module.isPresent()) locations.putIfAbsent(module.get(), uri.get());
    }
    if (!locations.keySet().containsAll(EXPECTED)) {
      throw new AssertionError(
          "expected the classes of "
              + EXPECTED
              + " on the class path, found "
              + locations.keySet());
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, URI> e : locations.entrySet()) {
      String location = e.getValue().toString();
      if (!location.startsWith("jar:")) {
        throw new TestAbortedException(
            "module "
                + e.getKey()
                + " is on the class path as classes, not as its jar"
                + " ("
                + location
                + "): run mvn verify to check the jars' manifests");
      }
      String expected = "dev.switchboard." + e.getKey().replace('-', '.');
      String actual = automaticModuleName(location);
      if (!expected.equals(actual)) {
        problems.add(
            "switchboard-"
                + e.getKey()
                + ": Automatic-Module-Name is "
                + actual
                + ", expected "
                + expected
                + " (set <module.name>"
                + expected
                + "</module.name> in its pom)");
      }
    }
    if (!problems.isEmpty()) throw new AssertionError(String.join("\n", problems));
  }

  private static String automaticModuleName(String jarEntryUri) {
    Path jar =
        Path.of(URI.create(jarEntryUri.substring("jar:".length(), jarEntryUri.indexOf("!/"))));
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      return manifest == null
          ? null
          : manifest.getMainAttributes().getValue("Automatic-Module-Name");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }
}
