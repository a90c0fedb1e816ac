package dev.switchboard.wire.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.wire.internal.json.WireJson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmbeddingCodecTest {
  private static final ErrorContext WHERE = ErrorContext.of("p", "m");

  @Test
  void encodesBatchDimensionsEncodingAndUser() throws Exception {
    EmbeddingRequest r =
        EmbeddingRequest.builder().input("a").input("b").dimensions(256).endUser("u1").build();
    JsonNode j =
        WireJson.parse(
            new String(
                EmbeddingCodec.encode(r, "emb", OpenAiDialect.OPENAI.withBase64Embeddings(true)),
                StandardCharsets.UTF_8));
    assertThat(j.path("model").asText()).isEqualTo("emb");
    assertThat(j.path("input").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(j.path("dimensions").asInt()).isEqualTo(256);
    assertThat(j.path("encoding_format").asText()).isEqualTo("base64");
    assertThat(j.path("user").asText()).isEqualTo("u1");
  }

  @Test
  void decodesFloatAndLittleEndianBase64VectorsInIndexOrder() throws Exception {
    float[] v = {0.25f, -1.5f, 3.0e-3f};
    ByteBuffer buf = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) buf.putFloat(f);
    String b64 = Base64.getEncoder().encodeToString(buf.array());
    String body =
        "{\"object\":\"list\",\"model\":\"text-embedding-3-small\",\"data\":["
            + "{\"index\":1,\"object\":\"embedding\",\"embedding\":\""
            + b64
            + "\"},"
            + "{\"index\":0,\"object\":\"embedding\",\"embedding\":[0.25,-1.5,0.003]}],"
            + "\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}";
    EmbeddingResponse r = EmbeddingCodec.decode(WireJson.parse(body), WHERE).build();
    assertThat(r.embeddings()).hasSize(2);
    assertThat(r.embeddings().get(0).vector()).containsExactly(v);
    assertThat(r.embeddings().get(1).vector()).containsExactly(v);
    assertThat(r.usage().inputTokens()).isEqualTo(4);
    assertThat(r.model()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void malformedBase64IsADecodingError() {
    assertThatThrownBy(() -> EmbeddingCodec.vector(WireJson.parse("\"AAA\""), WHERE))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> EmbeddingCodec.vector(WireJson.parse("{}"), WHERE))
        .isInstanceOf(DecodingException.class);
  }
}
