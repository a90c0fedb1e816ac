package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ProviderSettings;
import dev.switchboard.testing.RecordingProviderFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderFactoriesTest {

  /** A second factory that claims the recording type. */
  static final class Impostor implements ModelProviderFactory {
    @Override
    public String type() {
      return "recording";
    }

    @Override
    public ProviderConfig parse(ProviderSettings settings) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ModelProvider create(String id, ProviderConfig config) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void discoversFactoriesThroughServiceLoaderByType() {
    assertThat(ProviderFactories.discover().types()).contains("recording");
    assertThat(ProviderFactories.discover().find("recording"))
        .get()
        .isInstanceOf(RecordingProviderFactory.class);
    assertThat(ProviderFactories.discover().find("nope")).isEmpty();
  }

  @Test
  void twoFactoriesClaimingOneTypeFailFastNamingBoth() {
    assertThatThrownBy(
            () -> ProviderFactories.of(List.of(new RecordingProviderFactory(), new Impostor())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two provider factories claim type 'recording'")
        .hasMessageContaining(RecordingProviderFactory.class.getName())
        .hasMessageContaining(Impostor.class.getName());
  }
}
