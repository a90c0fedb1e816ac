package dev.switchboard.foundry;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.testkit.ContractFixture;
import dev.switchboard.testkit.ProviderContractTest;
import dev.switchboard.usage.Usage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** Every Foundry API family passes the adapter contract. */
class FoundryContractTest {

  /**
   * One call before the suite loads the classes of the pipeline, OkHttp, Jackson and WireMock: the
   * contract's timeout test measures wall time, and on a busy 2-core machine a cold first call
   * spends seconds in class loading before the read timeout even starts.
   */
  @BeforeAll
  static void warmUp() {
    try (FoundryFixture f = new FoundryFixture(FoundryApi.OPENAI_V1);
        ModelClient c =
            ModelClient.builder()
                .provider(f.provider())
                .route("m", Route.of(f.provider().id(), f.model()))
                .build()) {
      f.givenTextReply("warm up", Usage.of(1, 1));
      c.chat(ChatRequest.builder().user("hi").build());
      c.stream(ChatRequest.builder().user("hi").build()).close();
    }
  }

  @Nested
  class OpenAiV1 extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new FoundryFixture(FoundryApi.OPENAI_V1);
    }
  }

  @Nested
  class AzureOpenAi extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new FoundryFixture(FoundryApi.AZURE_OPENAI);
    }
  }

  @Nested
  class ModelInference extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new FoundryFixture(FoundryApi.MODEL_INFERENCE);
    }
  }

  @Nested
  class Anthropic extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new FoundryFixture(FoundryApi.ANTHROPIC);
    }
  }
}
