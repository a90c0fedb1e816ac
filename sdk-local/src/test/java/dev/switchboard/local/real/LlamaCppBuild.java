package dev.switchboard.local.real;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Where the real {@code llama-server} binary and the tiny models are: the system properties {@code
 * switchboard.llama.server}, {@code switchboard.llama.model} and {@code
 * switchboard.llama.tool-model} if all set, else what {@code build-tools/real-servers/prepare.sh}
 * prints, which builds the server from node-llama-cpp's bundled llama.cpp source and writes the
 * models on the first run (about an hour on a shared 2-core machine) and then only answers from its
 * cache outside the repository.
 */
final class LlamaCppBuild {
  private static Map<String, Path> paths;

  private LlamaCppBuild() {}

  /** The {@code llama-server} executable. */
  static Path server() {
    return paths().get("LLAMA_SERVER");
  }

  /** The tiny random-weight Qwen2.5-style model. */
  static Path model() {
    return paths().get("LLAMA_MODEL");
  }

  /**
   * The hand-built deterministic model that opens a tool call whenever it may (see {@code
   * make-tiny-model.py --kind tool-caller}): a random model never writes one.
   */
  static Path toolModel() {
    return paths().get("LLAMA_TOOL_MODEL");
  }

  /** The directory for the servers' logs and scratch files, under the module's target. */
  static Path workDir() {
    Path dir = Path.of(System.getProperty("basedir", "."), "target", "real-servers");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir, e);
    }
    return dir;
  }

  private static synchronized Map<String, Path> paths() {
    if (paths != null) return paths;
    String server = System.getProperty("switchboard.llama.server");
    String model = System.getProperty("switchboard.llama.model");
    String toolModel = System.getProperty("switchboard.llama.tool-model");
    Map<String, Path> found = new HashMap<>();
    if (given(server) && given(model) && given(toolModel)) {
      found.put("LLAMA_SERVER", Path.of(server));
      found.put("LLAMA_MODEL", Path.of(model));
      found.put("LLAMA_TOOL_MODEL", Path.of(toolModel));
    } else {
      found.putAll(prepare());
    }
    for (Map.Entry<String, Path> e : found.entrySet()) {
      if (!Files.isRegularFile(e.getValue())) {
        throw new IllegalStateException(e.getKey() + " is not a file: " + e.getValue());
      }
    }
    paths = Map.copyOf(found);
    return paths;
  }

  private static boolean given(@Nullable String property) {
    return property != null && !property.isBlank();
  }

  private static Map<String, Path> prepare() {
    Path script =
        Path.of(System.getProperty("basedir", "."))
            .resolve("../build-tools/real-servers/prepare.sh")
            .normalize();
    Path log = workDir().resolve("prepare.log");
    Path out = workDir().resolve("prepare.out");
    try {
      Process p =
          new ProcessBuilder("bash", script.toString())
              .redirectOutput(out.toFile())
              .redirectError(log.toFile())
              .start();
      // Building llama-server from source takes about an hour on a loaded 2-core machine.
      if (!p.waitFor(3, TimeUnit.HOURS)) {
        p.destroyForcibly();
        throw new IllegalStateException(script + " did not finish in 3 hours; see " + log);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            script + " failed (exit " + p.exitValue() + "); see " + log);
      }
      Map<String, Path> result = new HashMap<>();
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      for (String line : lines) {
        int eq = line.indexOf('=');
        if (eq > 0) result.put(line.substring(0, eq), Path.of(line.substring(eq + 1)));
      }
      for (String key : List.of("LLAMA_SERVER", "LLAMA_MODEL", "LLAMA_TOOL_MODEL")) {
        if (!result.containsKey(key)) {
          throw new IllegalStateException(script + " printed no " + key + ": " + lines);
        }
      }
      return result;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }
}
