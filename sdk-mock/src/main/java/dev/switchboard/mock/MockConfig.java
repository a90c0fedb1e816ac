package dev.switchboard.mock;

import dev.switchboard.spi.Checks;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.ProviderConfig;
import java.time.Duration;

/**
 * The validated {@code type: mock} config section.
 *
 * <pre>
 * providers:
 *   mock:
 *     type: mock
 *     latency: 20ms            # before each answer
 *     chunk-size: 1            # words per streamed chunk
 *     chunk-delay: 25ms        # between streamed chunks
 *     embedding-dimensions: 256
 *     capabilities: { tools: true, json-schema: true, vision: true, embeddings: true }
 *     replies:
 *       - { match: "(?i)summar", text: "Patient stable; discharge home." }
 *       - sequence: [ { fault: unavailable }, { text: "Recovered." } ]
 *       - { fault: rate-limited, retry-after: 200ms }
 * </pre>
 *
 * @param latency wait before each answer
 * @param wordsPerChunk words per streamed chunk
 * @param chunkDelay pause between streamed chunks
 * @param embeddingDimensions vector size when a request asks for none
 * @param capabilities what the mock claims to support
 * @param script the scripted replies
 * @since 0.1
 */
public record MockConfig(
    Duration latency,
    int wordsPerChunk,
    Duration chunkDelay,
    int embeddingDimensions,
    ProviderCapabilities capabilities,
    MockScript script)
    implements ProviderConfig {

  public MockConfig {
    Checks.notNull(latency, "MockConfig.latency");
    Checks.check(wordsPerChunk >= 1, "MockConfig.wordsPerChunk", "must be at least 1");
    Checks.notNull(chunkDelay, "MockConfig.chunkDelay");
    Checks.check(embeddingDimensions >= 1, "MockConfig.embeddingDimensions", "must be at least 1");
    Checks.notNull(capabilities, "MockConfig.capabilities");
    Checks.notNull(script, "MockConfig.script");
  }

  @Override
  public String type() {
    return MockProviderFactory.TYPE;
  }

  @Override
  public String describe() {
    return "mock ("
        + (script.isEmpty() ? "default replies" : script.rules().size() + " scripted rules")
        + ")";
  }
}
