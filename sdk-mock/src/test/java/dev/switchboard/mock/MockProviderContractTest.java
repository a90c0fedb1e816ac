package dev.switchboard.mock;

import dev.switchboard.chat.ToolCall;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.testkit.ContractFixture;
import dev.switchboard.testkit.ProviderContractTest;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.List;

/** The mock passes the same contract as every real adapter. */
class MockProviderContractTest extends ProviderContractTest {

  @Override
  protected ContractFixture createFixture() {
    return new MockFixture();
  }

  private static final class MockFixture implements ContractFixture {
    private final MockProvider mock = MockProvider.builder().id("contract-mock").build();

    @Override
    public ModelProvider provider() {
      return mock;
    }

    @Override
    public String model() {
      return "mock-1";
    }

    @Override
    public void givenTextReply(String text, Usage usage) {
      mock.enqueue(MockReply.text(text).withUsage(usage));
    }

    @Override
    public void givenToolCallReply(List<ToolCall> calls, Usage usage) {
      mock.enqueue(MockReply.toolCalls(calls.toArray(new ToolCall[0])).withUsage(usage));
    }

    @Override
    public void givenError(ErrorKind kind, Duration retryAfter) {
      MockFault fault =
          switch (kind) {
            case BAD_REQUEST -> MockFault.invalidRequest();
            case UNAUTHORIZED -> MockFault.authentication();
            case RATE_LIMITED -> MockFault.rateLimited(retryAfter);
            case SERVER_ERROR, UNAVAILABLE -> MockFault.unavailable();
            case CONTENT_FILTERED -> MockFault.contentFiltered("self_harm");
          };
      mock.enqueue(MockReply.fault(fault));
    }

    @Override
    public void givenSlowReply(String text, Duration delay) {
      mock.enqueue(MockReply.text(text).withLatency(delay));
    }

    @Override
    public void givenStreamCutAfter(String partialText) {
      int chunks = partialText.split("\\s+").length;
      mock.enqueue(
          MockReply.text(partialText + " and the rest never arrives")
              .withFault(MockFault.disconnect(chunks)));
    }

    @Override
    public void givenEmbeddings(List<float[]> vectors, Usage usage) {
      mock.enqueue(MockReply.embeddings(vectors).withUsage(usage));
    }

    @Override
    public int connectionsInUse() {
      return mock.openStreams();
    }

    @Override
    public void close() {
      mock.close();
    }
  }
}
