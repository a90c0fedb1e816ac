package dev.switchboard.testkit.server;

import dev.switchboard.ModelClient;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts a {@link VendorServer} on a free loopback port and hands the test
 * a config (and a client) pointing at it.
 *
 * <pre>{@code
 * @RegisterExtension
 * final VendorServerExtension ollama = VendorServerExtension.of(Vendor.OLLAMA);
 *
 * @Test
 * void sendsTheNoteAsTheUserTurn() {
 *   ollama.server().answer("Stable; discharge home.");
 *   new DischargeSummarizer(ollama.client()).summarize("Patient stable.");
 *   assertThat(ollama.lastRequest().messageTexts()).contains("Patient stable.");
 * }
 * }</pre>
 *
 * <p>As an instance field, each test gets a fresh server; as a static field, the test class shares
 * one server and each test starts with no recorded requests, no pending one-shot replies and the
 * default answer. The client from {@link #client()} is closed after each test.
 */
public final class VendorServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Vendor vendor;
  private VendorServer server;
  private ModelClient client;
  private boolean perClass;

  private VendorServerExtension(Vendor vendor) {
    this.vendor = vendor;
  }

  /** An extension for the vendor's stub server. */
  public static VendorServerExtension of(Vendor vendor) {
    return new VendorServerExtension(java.util.Objects.requireNonNull(vendor, "vendor"));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    server = VendorServer.start(vendor);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) server.close();
    server = null;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) server = VendorServer.start(vendor);
    else {
      server.reset();
      server.answer(VendorServer.DEFAULT_ANSWER);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (client != null) client.close();
    client = null;
    if (!perClass && server != null) {
      server.close();
      server = null;
    }
  }

  /**
   * The running server: script answers and faults, read what it received.
   *
   * @throws IllegalStateException outside a test
   */
  public VendorServer server() {
    if (server == null) throw new IllegalStateException("the vendor server runs only in a test");
    return server;
  }

  /** The config pointing at the server; see {@link VendorServer#config()}. */
  public String config() {
    return server().config();
  }

  /** A client from {@link #config()}, built once per test and closed after it. */
  public ModelClient client() {
    if (client == null) client = server().client();
    return client;
  }

  /** Every request the server received in this test, oldest first. */
  public List<ReceivedRequest> requests() {
    return server().requests();
  }

  /** The last chat request the server received. */
  public ReceivedRequest lastRequest() {
    return server().lastRequest();
  }
}
