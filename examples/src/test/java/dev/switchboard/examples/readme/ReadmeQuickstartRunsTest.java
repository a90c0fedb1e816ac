package dev.switchboard.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The README's "Done when" for a newcomer, checked cheaply in the build: its dependency block (BOM
 * inside {@code <dependencyManagement>}, Java level, and a provider for every {@code type:} the
 * sample {@code switchboard.yaml} uses, outside test scope), and its Java quickstart compiled as it
 * is and run in a fresh JVM from the repository root on the sample config. The full check in an
 * empty Maven project is build-tools/newcomer/check.sh (docs/release-check.md).
 */
class ReadmeQuickstartRunsTest {
  private static final Pattern XML = Pattern.compile("(?ms)^```xml\\n(.*?)^```$");
  private static final Pattern JAVA = Pattern.compile("(?ms)^```java\\n(.*?)^```$");

  private static Path root() {
    return Files.exists(Path.of("../README.md")) ? Path.of("..") : Path.of(".");
  }

  private static String block(Pattern fence, String readme, String mustContain) {
    Matcher m = fence.matcher(readme);
    while (m.find()) if (m.group(1).contains(mustContain)) return m.group(1);
    throw new AssertionError("no README block contains " + mustContain);
  }

  @Test
  void theDependencyBlockHasTheBomInDependencyManagementAndEveryProviderTheSampleConfigUses()
      throws IOException {
    String readme = Files.readString(root().resolve("README.md"));
    assertThat(block(XML, readme, "switchboard-bom"))
        .startsWith("<dependencyManagement>")
        .contains("<scope>import</scope>", "<type>pom</type>");
    assertThat(block(XML, readme, "maven.compiler")).contains(">17<");
    String deps = block(XML, readme, "<artifactId>switchboard-all</artifactId>");
    Matcher type =
        Pattern.compile("(?m)^\\s+type: ([a-z-]+)")
            .matcher(Files.readString(root().resolve("switchboard.yaml")));
    while (type.find()) {
      if (type.group(1).equals("mock")) {
        assertThat(deps)
            .as("the sample config's mock provider must be in the quickstart's dependencies")
            .contains("<artifactId>switchboard-mock</artifactId>\n  </dependency>");
      }
    }
  }

  @Test
  void theJavaQuickstartRunsAsPastedOnTheSampleConfig() throws Exception {
    String readme = Files.readString(root().resolve("README.md"));
    String source = block(JAVA, readme, "public class Quickstart");
    Path out = Files.createTempDirectory("readme-quickstart");
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject unit =
        new SimpleJavaFileObject(
            URI.create("string:///Quickstart.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    StringWriter errors = new StringWriter();
    boolean compiled =
        javac
            .getTask(
                errors,
                null,
                null,
                List.of("-proc:none", "-d", out.toString(), "-classpath", classPath),
                null,
                List.of(unit))
            .call();
    assertThat(compiled).as(errors.toString()).isTrue();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(), "-cp", out + File.pathSeparator + classPath, "Quickstart")
            .directory(root().toFile())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // a bound no busy machine reaches; the JVM normally ends within seconds
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the quickstart ended").isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("from mock/mock-chat-1").contains("Usage[");
  }
}
