package dev.switchboard.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Maven module a class belongs to, read from where its class file was loaded: a module's jar
 * ({@code switchboard-<x>-<version>.jar}) or its classes directory ({@code
 * <module-dir>/target/classes}, where {@code sdk-<x>} is module {@code x}). Nothing here lists the
 * modules, so new ones are covered as soon as they are on the test class path.
 */
final class Modules {
  private static final Pattern JAR =
      Pattern.compile("/switchboard-([a-z0-9-]+?)-\\d[^/!]*\\.jar!/");
  private static final Pattern CLASSES_DIR =
      Pattern.compile("/(?:sdk-)?([a-z0-9-]+)/target/classes/");

  private Modules() {}

  /** The module of a class, such as {@code api} or {@code wire}; empty for a library class. */
  static Optional<String> of(JavaClass c) {
    return c.getSource().map(Source::getUri).flatMap(Modules::of);
  }

  static Optional<String> of(URI location) {
    String s = location.toString();
    Matcher jar = JAR.matcher(s);
    if (jar.find()) return Optional.of(jar.group(1));
    Matcher dir = CLASSES_DIR.matcher(s);
    if (dir.find()) return Optional.of(dir.group(1));
    return Optional.empty();
  }

  /**
   * The main sources of the module a class location belongs to, if they are there: {@code
   * <module-dir>/src/main/java} for a class in {@code <module-dir>/target/classes} or in a jar in
   * {@code <module-dir>/target}.
   */
  static Optional<Path> sourceRoot(URI location) {
    String s = location.toString();
    boolean jar = s.startsWith("jar:file:");
    if (!jar && !s.startsWith("file:")) return Optional.empty();
    String where = jar ? s.substring("jar:".length(), s.indexOf("!/")) : s;
    int target = jar ? where.lastIndexOf("/target/") : where.indexOf("/target/classes/");
    if (target < 0) return Optional.empty();
    String moduleDir = where.substring(0, target);
    Path root = Path.of(URI.create(moduleDir + "/src/main/java"));
    return Files.isDirectory(root) ? Optional.of(root) : Optional.empty();
  }

  /** Whether a class is in an internal package ({@code internal} is one of its package's names). */
  static boolean isInternal(JavaClass c) {
    return Arrays.asList(c.getPackageName().split("\\.")).contains("internal");
  }

  /** The class name without nested parts: {@code a.B$C} is {@code a.B}. */
  static String topLevel(JavaClass c) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }

  /** Imports the SDK modules' main code only: not libraries, not these tests. */
  public static final class MainCodeOfModules implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return of(location.asURI()).isPresent();
    }
  }
}
