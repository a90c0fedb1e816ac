package dev.switchboard.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the packaged jar the way the README tells a newcomer to. */
class SwitchboardJarIT {
  record Result(int code, String out, String err) {}

  private static Result java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
    assertThat(jar).exists();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("sb-out", ".txt");
    Path err = Files.createTempFile("sb-err", ".txt");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theReadmeCommandAnswersWithUsage() throws Exception {
    Result r = java("chat", "--json", "Summarize: patient stable, discharge home.");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("usage").path("totalTokens").asLong()).isPositive();
    assertThat(json.path("provider").asText()).isEqualTo("mock");
  }

  @Test
  void streamingWorksFromTheJar() throws Exception {
    Result r = java("chat", "--stream", "Summarize: patient stable, discharge home.");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("mock provider");
    assertThat(r.err()).contains("out tokens");
  }

  @Test
  void aPrimaryThatIsDownFailsOverToTheSecondary() throws Exception {
    Path config = Files.createTempFile("failover", ".yaml");
    Files.writeString(config, SwitchboardCliTest.FAILOVER_CONFIG);
    Result r = java("chat", "--json", "--config", config.toString(), "Summarize: patient stable.");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("servedBy").asText()).isEqualTo("secondary/llama-secondary");
    assertThat(json.path("attempts").asInt()).isEqualTo(4);
  }
}
