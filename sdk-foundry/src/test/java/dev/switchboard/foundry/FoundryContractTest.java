package dev.switchboard.foundry;

import dev.switchboard.testkit.ContractFixture;
import dev.switchboard.testkit.ProviderContractTest;
import org.junit.jupiter.api.Nested;

/** Every Foundry API family passes the adapter contract. */
class FoundryContractTest {

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
