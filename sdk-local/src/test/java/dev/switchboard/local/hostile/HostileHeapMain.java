package dev.switchboard.local.hostile;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.error.ResponseTooLargeException;
import dev.switchboard.local.LocalServer;
import dev.switchboard.local.OpenAiCompatibleConfig;
import java.util.List;

/**
 * Runs in a child JVM with a small heap ({@code -Xmx256m}, see {@link BoundedMemoryTest}): calls a
 * {@link HostileServer} once per case through a real client with the default limits, and prints one
 * line per case: {@code CASE <name> <error class> <limit> <used heap MB after GC>}. An {@link
 * OutOfMemoryError} or a timeout shows as a different error class.
 */
public final class HostileHeapMain {
  private static final String X1K = "x".repeat(1024);

  /** The cases: name, whether streamed, and what the server sends. */
  record Case(String name, boolean stream, HostileServer.Answer answer) {}

  static final List<Case> CASES =
      List.of(
          new Case(
              "endless-json-string",
              false,
              new HostileServer.Answer(
                  "application/json",
                  "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                      + "\"content\":\"",
                  X1K)),
          new Case(
              "huge-json-array",
              false,
              new HostileServer.Answer(
                  "application/json",
                  "{\"id\":\"x\",\"choices\":[",
                  "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"b\"}},")),
          new Case(
              "endless-sse-line",
              true,
              new HostileServer.Answer(
                  "text/event-stream",
                  "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"",
                  X1K)),
          new Case(
              "endless-deltas",
              true,
              new HostileServer.Answer(
                  "text/event-stream",
                  "",
                  "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                      + X1K
                      + "\"}}]}\n\n")),
          new Case(
              "huge-tool-arguments",
              true,
              new HostileServer.Answer(
                  "text/event-stream",
                  "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                      + "\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                      + "\"arguments\":\"\"}}]}}]}\n\n",
                  "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                      + "\"function\":{\"arguments\":\""
                      + X1K
                      + "\"}}]}}]}\n\n")));

  private HostileHeapMain() {}

  public static void main(String[] args) throws Exception {
    for (Case c : CASES) {
      Throwable failure = run(c);
      ResponseTooLargeException typed = find(failure);
      System.out.println(
          "CASE "
              + c.name()
              + " "
              + (typed != null ? typed.getClass().getSimpleName() : String.valueOf(failure))
              + " "
              + (typed != null ? typed.limit() : "-")
              + " "
              + usedHeapMbAfterGc());
    }
  }

  private static Throwable run(Case c) throws Exception {
    try (HostileServer server = new HostileServer(c.answer());
        ModelClient client =
            ModelClient.builder()
                .provider(
                    "hostile",
                    OpenAiCompatibleConfig.builder()
                        .server(LocalServer.GENERIC)
                        .baseUrl(server.url().resolve("/v1"))
                        .discoverCapabilities(false)
                        .build())
                .route("m", Route.of("hostile", "m"))
                .build()) {
      ChatRequest request = ChatRequest.builder().model("m").user("hello").build();
      if (!c.stream()) {
        client.chat(request);
      } else {
        try (ChatStream stream = client.stream(request)) {
          for (ChatEvent ignored : stream) {
            // read everything, as a caller would; the stream's own accumulation is what counts
          }
        }
      }
      return null;
    } catch (RuntimeException | Error e) {
      return e;
    }
  }

  private static ResponseTooLargeException find(Throwable t) {
    for (Throwable x = t; x != null; x = x.getCause()) {
      if (x instanceof ResponseTooLargeException r) return r;
    }
    return null;
  }

  private static long usedHeapMbAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
  }
}
