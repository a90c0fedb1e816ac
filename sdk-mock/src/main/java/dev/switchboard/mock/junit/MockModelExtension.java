package dev.switchboard.mock.junit;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.Route;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a {@link ModelClient} wired to a fresh {@link MockProvider}, and the mock itself
 * for scripting and assertions. Inject either as a test method parameter, or read them from the
 * extension.
 *
 * <pre>{@code
 * @ExtendWith(MockModelExtension.class)
 * class DischargeSummaryTest {
 *   @Test
 *   void sendsTheNoteAsTheUserTurn(ModelClient client, MockProvider mock) {
 *     new DischargeSummarizer(client).summarize("Patient stable.");
 *     assertThat(mock.lastChatRequest().messages()).hasSize(2);
 *   }
 * }
 *
 * // or, with a script and your own logical model names:
 * @RegisterExtension
 * MockModelExtension models = MockModelExtension.builder()
 *     .models("discharge-summary", "triage")
 *     .mock(m -> m.when("(?i)summar", "Stable; discharge home."))
 *     .build();
 * }</pre>
 *
 * <p>With {@code @ExtendWith} the client serves one logical model, {@value #DEFAULT_MODEL}, which
 * is also its default model. The client retries as a real one does, on a {@link VirtualClock}:
 * backoff and retry-after waits take no real time.
 *
 * @since 0.1
 */
public final class MockModelExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /** The logical model of an extension registered with {@code @ExtendWith}. */
  public static final String DEFAULT_MODEL = "mock-model";

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(MockModelExtension.class);

  private final List<String> models;
  private final Consumer<MockProvider.Builder> mockSetup;
  private final Consumer<ModelClientBuilder> clientSetup;
  private MockProvider mock;
  private ModelClient client;

  /** An extension with one logical model, {@value #DEFAULT_MODEL}, and an unscripted mock. */
  public MockModelExtension() {
    this(List.of(DEFAULT_MODEL), b -> {}, b -> {});
  }

  private MockModelExtension(
      List<String> models,
      Consumer<MockProvider.Builder> mockSetup,
      Consumer<ModelClientBuilder> clientSetup) {
    this.models = List.copyOf(models);
    this.mockSetup = mockSetup;
    this.clientSetup = clientSetup;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    MockProvider.Builder mb = MockProvider.builder();
    mockSetup.accept(mb);
    mock = mb.build();
    // Retries and backoff run on a virtual clock, so a scripted fault costs the test no time.
    ModelClientBuilder cb =
        ModelClient.builder().provider(mock).defaultModel(models.get(0)).clock(new VirtualClock());
    for (String m : models) cb.route(m, Route.of(mock.id(), m));
    clientSetup.accept(cb);
    client = cb.build();
    context.getStore(NS).put("client", client);
    context.getStore(NS).put("mock", mock);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ModelClient c = context.getStore(NS).remove("client", ModelClient.class);
    if (c != null) c.close();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ModelClient.class || type == MockProvider.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return context.getStore(NS).get(type == ModelClient.class ? "client" : "mock", type);
  }

  /** The current test's mock. */
  public MockProvider mock() {
    if (mock == null) throw new IllegalStateException("no test is running");
    return mock;
  }

  /** The current test's client. */
  public ModelClient client() {
    if (client == null) throw new IllegalStateException("no test is running");
    return client;
  }

  /** Builds a {@link MockModelExtension} for {@code @RegisterExtension}. */
  public static final class Builder {
    private final List<String> models = new ArrayList<>();
    private Consumer<MockProvider.Builder> mockSetup = b -> {};
    private Consumer<ModelClientBuilder> clientSetup = b -> {};

    private Builder() {}

    /** The logical models the client serves, all from the mock; the first is the default. */
    public Builder models(String... names) {
      for (String n : names) models.add(Checks.notBlank(n, "model"));
      return this;
    }

    /** Scripts the mock (called before each test, on a fresh mock). */
    public Builder mock(Consumer<MockProvider.Builder> setup) {
      this.mockSetup = Checks.notNull(setup, "setup");
      return this;
    }

    /** Adds interceptors, listeners or timeouts to the client. */
    public Builder client(Consumer<ModelClientBuilder> setup) {
      this.clientSetup = Checks.notNull(setup, "setup");
      return this;
    }

    public MockModelExtension build() {
      return new MockModelExtension(
          models.isEmpty() ? List.of(DEFAULT_MODEL) : models, mockSetup, clientSetup);
    }
  }
}
