package dev.switchboard.local;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.testkit.ContractFixture;
import dev.switchboard.testkit.ProviderContractTest;
import dev.switchboard.usage.Usage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** Ollama and every kind of OpenAI-compatible server pass the adapter contract. */
class LocalContractTest {

  /**
   * Loads the pipeline's, OkHttp's and WireMock's classes before the suite's wall-clock timeout
   * case.
   */
  @BeforeAll
  static void warmUp() {
    try (OllamaFixture f = new OllamaFixture();
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
  class Ollama extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new OllamaFixture();
    }
  }

  @Nested
  class Vllm extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new OpenAiServerFixture(LocalServer.VLLM);
    }
  }

  @Nested
  class LlamaCpp extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new OpenAiServerFixture(LocalServer.LLAMA_CPP);
    }
  }

  @Nested
  class LmStudio extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new OpenAiServerFixture(LocalServer.LM_STUDIO);
    }
  }

  @Nested
  class Tgi extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new OpenAiServerFixture(LocalServer.TGI);
    }
  }

  @Nested
  class Generic extends ProviderContractTest {
    @Override
    protected ContractFixture createFixture() {
      return new OpenAiServerFixture(LocalServer.GENERIC);
    }
  }
}
