package dev.switchboard.local.real;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code llama-server} held in its loading state: its model path is a named pipe that nobody
 * writes to, so loading blocks on opening the file while the HTTP server, started first, answers
 * every route with 503 {@code Loading model}, as a server loading a large model does for minutes.
 */
final class LoadingServer implements AutoCloseable {
  private final Path fifo;
  private final LlamaServer server;

  private LoadingServer(Path fifo, LlamaServer server) {
    this.fifo = fifo;
    this.server = server;
  }

  static LoadingServer start(String name) {
    Path fifo = LlamaCppBuild.workDir().resolve(name + ".gguf");
    try {
      Files.deleteIfExists(fifo);
      Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
      if (!mk.waitFor(30, TimeUnit.SECONDS) || mk.exitValue() != 0) {
        throw new IllegalStateException("mkfifo " + fifo + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the named pipe " + fifo, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    LlamaServer server = LlamaServer.start(name, fifo, "--alias", RealClients.MODEL);
    server.awaitTrue("loading (GET /health 503)", () -> server.status("/health") == 503);
    return new LoadingServer(fifo, server);
  }

  LlamaServer server() {
    return server;
  }

  @Override
  public void close() {
    server.kill();
    try {
      Files.deleteIfExists(fifo);
    } catch (IOException e) {
      // left in target/, harmless
    }
  }
}
