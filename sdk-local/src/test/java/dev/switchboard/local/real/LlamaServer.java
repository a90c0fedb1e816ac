package dev.switchboard.local.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One real {@code llama-server} process on a loopback port, with its output in {@code
 * target/real-servers/<name>.log}. Raw HTTP helpers ask the server itself (its {@code /slots},
 * {@code /props}, or a chat request sent without the SDK) what happened, so the tests compare the
 * SDK's view with the server's own.
 */
final class LlamaServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Bounds for a loaded machine: how long starting or stopping may take before the test fails. */
  static final Duration PATIENCE = Duration.ofSeconds(120);

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private LlamaServer(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code llama-server --model <model> <args>} on a free loopback port; returns once the
   * HTTP port accepts connections (the model may still be loading: see {@link #awaitReady()}).
   * Without a model, {@code args} must say what to serve (a router's {@code --models-dir}).
   */
  static LlamaServer start(String name, @Nullable Path model, String... args) {
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(LlamaCppBuild.server().toString());
    cmd.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    if (model != null) cmd.addAll(List.of("--model", model.toString()));
    // Small and deterministic: one thread, a short context, the tiny model's own chat template.
    cmd.addAll(List.of("--threads", "1", "--ctx-size", "8192", "--jinja"));
    cmd.addAll(List.of(args));
    Path log = LlamaCppBuild.workDir().resolve(name + ".log");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      LlamaServer server = new LlamaServer(name, port, p, log);
      server.awaitListening();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + cmd, e);
    }
  }

  /** Starts a server and waits until its model is loaded. */
  static LlamaServer startReady(String name, @Nullable Path model, String... args) {
    LlamaServer s = start(name, model, args);
    s.awaitReady();
    return s;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port);
  }

  String name() {
    return name;
  }

  private void awaitListening() {
    awaitTrue("listening", () -> status("/health") > 0);
  }

  /** Waits until {@code /health} answers 200 (model loaded). */
  void awaitReady() {
    awaitTrue("ready (GET /health 200)", () -> status("/health") == 200);
  }

  /** Polls {@code condition} until it holds, failing with the server's log if it does not. */
  void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return;
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited (" + process.exitValue() + ") before " + what + "\n" + logTail());
      }
      sleep(100);
    }
    throw new IllegalStateException(
        name + " not " + what + " within " + PATIENCE + "\n" + logTail());
  }

  /** The status of {@code GET path}, or -1 if the port does not answer. */
  int status(String path) {
    try {
      return http.send(get(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** {@code GET path} parsed as JSON; fails on a status other than 200. */
  JsonNode getJson(String path) {
    return send(get(path));
  }

  /** {@code POST path} with a JSON body, parsed as JSON; fails on a status other than 200. */
  JsonNode postJson(String path, String body) {
    return send(
        HttpRequest.newBuilder(baseUrl().resolve(path))
            .timeout(PATIENCE)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** {@code POST path} with a JSON body: the status and the raw body, whatever the status. */
  HttpResponse<String> post(String path, String body) {
    try {
      return http.send(
          HttpRequest.newBuilder(baseUrl().resolve(path))
              .timeout(PATIENCE)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(name + ": POST " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(PATIENCE).GET().build();
  }

  private JsonNode send(HttpRequest request) {
    try {
      HttpResponse<String> r =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            name
                + ": "
                + request.method()
                + " "
                + request.uri()
                + " -> "
                + r.statusCode()
                + " "
                + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(name + ": " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The server's slots ({@code GET /slots}). */
  JsonNode slots() {
    return getJson("/slots");
  }

  /** Waits until a slot matching {@code test} shows up in {@code /slots}. */
  JsonNode awaitSlot(String what, Predicate<JsonNode> test) {
    JsonNode[] found = new JsonNode[1];
    awaitTrue(
        what,
        () -> {
          for (JsonNode slot : slots()) {
            if (test.test(slot)) {
              found[0] = slot;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }

  /**
   * Waits until the slot that ran {@code busy} (a {@code /slots} entry seen while processing) is
   * idle again with that task as its last, and returns that entry: its {@code n_decoded} says how
   * many tokens the server generated for the task.
   */
  JsonNode awaitIdle(JsonNode busy) {
    int id = busy.path("id").asInt();
    int task = busy.path("id_task").asInt();
    return awaitSlot(
        "slot " + id + " idle after task " + task,
        s ->
            s.path("id").asInt() == id
                && !s.path("is_processing").asBoolean()
                && s.path("id_task").asInt() == task);
  }

  /** True while the process runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** Kills the process at once (SIGKILL), as a crash or an OOM kill would. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines the server logged, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
      process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
