package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.chat.SafetyResult.Category;
import dev.switchboard.chat.SafetyResult.Severity;
import dev.switchboard.chat.SafetyResult.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyResultTest {

  @Test
  void summarizesFilteredCategoriesAndJailbreak() {
    SafetyResult prompt =
        new SafetyResult(
            List.of(
                new Category(Target.PROMPT, "hate", false, false, Severity.of("safe")),
                new Category(Target.PROMPT, "jailbreak", false, true, Severity.NONE)));
    SafetyResult completion =
        new SafetyResult(
            List.of(
                new Category(Target.COMPLETION, "violence", true, false, Severity.of("high")),
                new Category(Target.COMPLETION, "violence", true, false, Severity.of("medium"))));
    SafetyResult all = prompt.plus(completion);
    assertThat(all.filtered()).isTrue();
    assertThat(all.jailbreakDetected()).isTrue();
    assertThat(all.filteredCategories()).containsExactly("violence");
    assertThat(prompt.filtered()).isFalse();
    assertThat(Severity.of("extreme")).isEqualTo(Severity.UNKNOWN);
    assertThat(SafetyResult.empty().plus(prompt)).isSameAs(prompt);
  }

  @Test
  void survivesResponseCopies() {
    SafetyResult s =
        new SafetyResult(List.of(new Category(Target.PROMPT, "hate", true, false, Severity.HIGH)));
    ChatResponse r = ChatResponse.builder().safety(s).build();
    assertThat(r.toBuilder().text("x").build().safety()).contains(s);
    assertThat(ChatResponse.builder().build().safety()).isEmpty();
  }
}
