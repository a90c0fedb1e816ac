package dev.switchboard.chat;

import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the provider's safety system said about a call: one entry per category it checked (hate,
 * violence, jailbreak, protected material, ...), for the prompt and for the completion. Immutable
 * and thread-safe. Holds no prompt or answer text.
 *
 * <p>Providers without a safety system report nothing: {@link ChatResponse#safety()} is then empty.
 *
 * @param categories the verdicts in the order the provider reported them; possibly empty
 * @since 0.1
 */
public record SafetyResult(List<Category> categories) {

  /** Which side of the exchange a verdict is about. */
  public enum Target {
    PROMPT,
    COMPLETION
  }

  /** The provider's severity scale; {@code NONE} when the category has no severity (detectors). */
  public enum Severity {
    NONE,
    SAFE,
    LOW,
    MEDIUM,
    HIGH,
    UNKNOWN;

    /** Maps a provider's severity word ({@code safe}, {@code low}, ...); null gives NONE. */
    public static Severity of(String value) {
      if (value == null || value.isEmpty()) return NONE;
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return UNKNOWN;
      }
    }
  }

  /**
   * One verdict.
   *
   * @param target prompt or completion
   * @param name the provider's category name, such as {@code hate} or {@code jailbreak}
   * @param filtered true if the provider blocked or cut content for this category
   * @param detected true if a detector (jailbreak, protected material, profanity) fired
   * @param severity the severity, or {@code NONE} for detectors
   */
  public record Category(
      Target target, String name, boolean filtered, boolean detected, Severity severity) {
    public Category {
      Checks.notNull(target, "Category.target");
      Checks.notBlank(name, "Category.name");
      Checks.notNull(severity, "Category.severity");
    }
  }

  private static final SafetyResult EMPTY = new SafetyResult(List.of());

  public SafetyResult {
    categories = Checks.listCopy(categories, "SafetyResult.categories");
  }

  /** A result with no verdicts. */
  public static SafetyResult empty() {
    return EMPTY;
  }

  /** True if any category was filtered, on either side. */
  public boolean filtered() {
    for (Category c : categories) if (c.filtered()) return true;
    return false;
  }

  /** True if a jailbreak (prompt attack) was detected or filtered. */
  public boolean jailbreakDetected() {
    for (Category c : categories) {
      if (c.name().equals("jailbreak") && (c.detected() || c.filtered())) return true;
    }
    return false;
  }

  /** The names of the filtered categories, in report order, without duplicates. */
  public List<String> filteredCategories() {
    List<String> out = new ArrayList<>();
    for (Category c : categories) if (c.filtered() && !out.contains(c.name())) out.add(c.name());
    return out;
  }

  /**
   * This result followed by another's verdicts (a stream reports the prompt first, then chunks).
   */
  public SafetyResult plus(SafetyResult other) {
    if (other.categories.isEmpty()) return this;
    if (categories.isEmpty()) return other;
    List<Category> all = new ArrayList<>(categories);
    all.addAll(other.categories);
    return new SafetyResult(all);
  }
}
