package dev.switchboard.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the README compiles against the SDK, with its own imports: a block
 * that declares a class is compiled as it is; any other block is a run of statements, compiled
 * inside a method whose parameters are the few names the README's fragments assume (a {@code
 * client}, a {@code config}, a {@code provider}, a {@code noteText}, ...), never an import. A block
 * right after the line {@code <!-- snippet: not compiled -->} is a deliberate fragment.
 */
class ReadmeSnippetsCompileTest {
  private static final String SKIP_MARKER = "<!-- snippet: not compiled -->";

  /** The names a statement snippet may use without declaring them, fully qualified. */
  private static final String CONTEXT =
      "dev.switchboard.config.SwitchboardConfig config, dev.switchboard.spi.ModelProvider provider,"
          + " dev.switchboard.ModelClient client, String noteText, String note, String mrn,"
          + " dev.switchboard.compliance.AuditKey auditKey";

  private static final Pattern BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);

  record Snippet(int line, String code) {}

  static List<Snippet> snippets(String readme) {
    List<Snippet> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(readme);
    while (m.find()) {
      String before = readme.substring(0, m.start());
      int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
      String previous = before.strip();
      previous = previous.substring(previous.lastIndexOf('\n') + 1).strip();
      if (previous.equals(SKIP_MARKER)) continue;
      out.add(new Snippet(line, m.group(1)));
    }
    return out;
  }

  /** The snippet as a compilation unit: itself if it declares a type, else wrapped. */
  static String unit(Snippet s, String className) {
    String code = s.code();
    if (Pattern.compile("(?m)^(public )?(final )?(class|record|interface|enum) ")
        .matcher(code)
        .find()) {
      // package-private, so that any class name compiles in a file of its own name
      return code.replace("public class ", "class ").replace("public final class ", "final class ");
    }
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : code.split("\n", -1)) {
      if (line.startsWith("import ")) imports.append(line).append('\n');
      else body.append(line).append('\n');
    }
    return imports
        + "class "
        + className
        + " {\n  @SuppressWarnings(\"unused\")\n  void snippet("
        + context(body.toString())
        + ") throws Exception {\n"
        + body
        + "  }\n}\n";
  }

  /** The context parameters, less those the snippet declares itself. */
  static String context(String body) {
    List<String> params = new ArrayList<>();
    for (String p : CONTEXT.split(",")) {
      String name = p.strip().substring(p.strip().lastIndexOf(' ') + 1);
      if (!Pattern.compile("\\b[\\w.<>]+\\s+" + name + "\\s*=").matcher(body).find()) {
        params.add(p.strip());
      }
    }
    return String.join(", ", params);
  }

  @Test
  void everyJavaSnippetInTheReadmeCompiles() throws IOException {
    Path readme = Path.of("../README.md");
    if (!Files.exists(readme)) readme = Path.of("README.md");
    List<Snippet> snippets = snippets(Files.readString(readme));
    assertThat(snippets).as("java blocks found in " + readme).hasSizeGreaterThan(3);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      Snippet s = snippets.get(i);
      String source = unit(s, "Snippet" + i);
      Matcher name =
          Pattern.compile("(?m)^(?:final )?(?:class|record|interface|enum) (\\w+)").matcher(source);
      String file = name.find() ? name.group(1) : "Snippet" + i;
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      JavaFileObject unit =
          new SimpleJavaFileObject(
              URI.create("string:///" + file + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
              return source;
            }
          };
      Path out = Files.createTempDirectory("readme-snippet");
      boolean ok =
          javac
              .getTask(
                  new StringWriter(),
                  null,
                  diagnostics,
                  List.of("-proc:none", "-d", out.toString(), "-classpath", classPath),
                  null,
                  List.of(unit))
              .call();
      if (!ok) {
        StringBuilder why = new StringBuilder("README.md line " + s.line() + ":");
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          if (d.getKind() == Diagnostic.Kind.ERROR) {
            why.append("\n  ").append(d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
          }
        }
        failures.add(why.toString());
      }
    }
    assertThat(failures).as("README Java snippets that do not compile").isEmpty();
  }
}
