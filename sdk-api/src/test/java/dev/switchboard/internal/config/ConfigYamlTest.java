package dev.switchboard.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and unusual YAML: limits, aliases, non-finite numbers, each problem at its path. */
class ConfigYamlTest {
  @TempDir Path dir;

  private static List<String> problems(String yaml) {
    try {
      SwitchboardConfig.parse(yaml, "test.yaml", Map.<String, String>of()::get);
    } catch (ConfigException e) {
      return e.problems();
    }
    return List.of();
  }

  private static List<String> rootProblems(String yaml) {
    List<String> problems = new ArrayList<>();
    ConfigYaml.readRoot(yaml, "a mapping", problems);
    return problems;
  }

  @Test
  void anAliasToAnAnchoredMappingIsThatMapping() {
    SwitchboardConfig c =
        SwitchboardConfig.parse(
            """
            shared: &east { type: recording, endpoint: "http://127.0.0.1:8080", max-connections: 3 }
            providers:
              east: *east
              east-2:
                <<: *east
                endpoint: "http://127.0.0.2:8080"
            models:
              m: { provider: east, model: x }
              n: { provider: east-2, model: y }
            """
                .replace("shared: &east", "x-shared: &east"),
            "test.yaml",
            Map.<String, String>of()::get);
    assertThat(c.providers()).containsKeys("east", "east-2");
  }

  @Test
  void anAliasToNoAnchorIsNamedAsSuch() {
    assertThat(rootProblems("a: *nowhere\n"))
        .singleElement()
        .asString()
        .startsWith("(document): an alias (*name) refers to no anchor");
  }

  @Test
  void nonFiniteNumbersAreProblemsAtTheirPath() {
    assertThat(
            problems(
                """
                providers:
                  east: { type: recording, endpoint: "http://127.0.0.1:8080", max-connections: .inf }
                models:
                  m: { provider: east, model: x }
                resilience:
                  circuit-breaker: { failure-rate-threshold: .nan }
                """))
        .contains(
            "providers.east.max-connections: must be a finite number (not .nan or .inf)",
            "resilience.circuit-breaker.failure-rate-threshold: must be a finite number (not .nan or .inf)");
  }

  @Test
  void aQuotedNaNForANumericSettingIsAProblemAtItsPath() {
    assertThat(
            problems(
                """
                providers:
                  east: { type: recording, endpoint: "http://127.0.0.1:8080" }
                models:
                  m: { provider: east, model: x }
                resilience:
                  circuit-breaker: { failure-rate-threshold: "NaN" }
                """))
        .containsExactly(
            "resilience.circuit-breaker.failure-rate-threshold: must be a finite number");
  }

  @Test
  void aValueOfSeveralMegabytesIsRefusedAtItsPathWithoutEchoingIt() {
    String huge = "k".repeat(3 * 1024 * 1024);
    List<String> p =
        problems(
            "providers:\n  east: { type: recording, endpoint: \"http://127.0.0.1:8080\", api-key: "
                + huge
                + " }\nmodels:\n  m: { provider: east, model: x }\n");
    assertThat(p)
        .contains(
            "providers.east.api-key: is "
                + huge.length()
                + " characters long; a value may be at most "
                + YamlTree.MAX_VALUE_CHARS);
    assertThat(String.join("\n", p)).doesNotContain("kkkk");
  }

  @Test
  void aSixtyMegabyteFileIsRefusedBeforeItIsRead() throws IOException {
    Path file = dir.resolve("big.yaml");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(60L * 1024 * 1024); // sparse: no 60 MB written to disk or memory
    }
    List<String> problems = new ArrayList<>();
    assertThat(ConfigYaml.readFile(file, problems)).isEmpty();
    assertThat(problems)
        .containsExactly(
            "(file): is 62914560 bytes; a Switchboard document may be at most "
                + ConfigYaml.MAX_DOCUMENT_CHARS
                + " bytes");
  }

  @Test
  void aTextOverTheDocumentLimitIsRefused() {
    assertThat(rootProblems("a: " + "x".repeat(ConfigYaml.MAX_DOCUMENT_CHARS)))
        .singleElement()
        .asString()
        .startsWith("(document): is ")
        .endsWith("a Switchboard document may be at most " + ConfigYaml.MAX_DOCUMENT_CHARS);
  }

  @Test
  void nestedAliasesThatWouldExpandBeyondTheLimitAreRefused() {
    StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      String prev = "*a" + (i - 1);
      laughs
          .append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(10, prev)))
          .append("]\n");
    }
    assertThat(rootProblems(laughs.toString()))
        .singleElement()
        .asString()
        .startsWith("(document): expands to more than " + YamlTree.MAX_VALUES + " values");
  }

  @Test
  void deepNestingIsRefusedWithTheLimit() {
    String deep =
        "a: " + "[".repeat(ConfigYaml.MAX_DEPTH + 5) + "]".repeat(ConfigYaml.MAX_DEPTH + 5);
    assertThat(rootProblems(deep))
        .containsExactly(
            "(document): is nested more than " + ConfigYaml.MAX_DEPTH + " levels deep");
  }

  @Test
  void aKeyGivenTwiceIsNamedByPath() {
    assertThat(rootProblems("providers:\n  east: {}\n  east: {}\n"))
        .containsExactly("providers.east: appears twice (line 3)");
  }

  @Test
  void yesAndNoStayTextWhileTrueAndFalseAreBooleans() {
    List<String> problems = new ArrayList<>();
    var root =
        ConfigYaml.readRoot("country: NO\nflag: true\n", "a mapping", problems).orElseThrow();
    assertThat(root.get("country").isTextual()).isTrue();
    assertThat(root.get("flag").isBoolean()).isTrue();
    assertThat(problems).isEmpty();
  }
}
