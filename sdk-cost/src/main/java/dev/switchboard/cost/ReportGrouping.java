package dev.switchboard.cost;

import dev.switchboard.spi.Checks;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What a {@link CostReport} groups by: a tag ({@code tag:department}), the provider-side model, the
 * logical model, the provider, or the UTC day.
 *
 * @since 0.1
 */
public final class ReportGrouping {
  private enum Kind {
    TAG,
    MODEL,
    LOGICAL_MODEL,
    PROVIDER,
    DAY
  }

  /** Records without the tag are grouped here. */
  public static final String NONE = "(none)";

  private final Kind kind;
  private final String tag;

  private ReportGrouping(Kind kind, String tag) {
    this.kind = kind;
    this.tag = tag;
  }

  /** By the value of a tag. */
  public static ReportGrouping tag(String key) {
    return new ReportGrouping(Kind.TAG, Checks.notBlank(key, "key"));
  }

  /** By the provider-side model or deployment. */
  public static ReportGrouping model() {
    return new ReportGrouping(Kind.MODEL, null);
  }

  /** By the logical model the caller asked for. */
  public static ReportGrouping logicalModel() {
    return new ReportGrouping(Kind.LOGICAL_MODEL, null);
  }

  /** By the configured provider id. */
  public static ReportGrouping provider() {
    return new ReportGrouping(Kind.PROVIDER, null);
  }

  /** By UTC day. */
  public static ReportGrouping day() {
    return new ReportGrouping(Kind.DAY, null);
  }

  /**
   * Parses {@code tag:KEY}, {@code model}, {@code logical-model}, {@code provider} or {@code day}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static ReportGrouping parse(String text) {
    Checks.notBlank(text, "grouping");
    if (text.startsWith("tag:") && text.length() > 4) return tag(text.substring(4));
    switch (text) {
      case "model":
        return model();
      case "logical-model":
        return logicalModel();
      case "provider":
        return provider();
      case "day":
        return day();
      default:
        throw new IllegalArgumentException(
            "grouping: must be tag:KEY, model, logical-model, provider or day");
    }
  }

  /** The record's group under this grouping. */
  public String keyOf(CostRecord r) {
    switch (kind) {
      case TAG:
        return r.tags().getOrDefault(tag, NONE);
      case MODEL:
        return r.model();
      case LOGICAL_MODEL:
        return r.logicalModel();
      case PROVIDER:
        return r.provider();
      default:
        return LocalDate.ofInstant(r.time(), ZoneOffset.UTC).toString();
    }
  }

  /** The grouping as written on the command line, such as {@code tag:department}. */
  public String label() {
    return kind == Kind.TAG
        ? "tag:" + tag
        : kind == Kind.LOGICAL_MODEL
            ? "logical-model"
            : kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The column heading: the tag's key, or the grouping's name. */
  public String heading() {
    return kind == Kind.TAG ? tag : label();
  }

  @Override
  public String toString() {
    return "ReportGrouping[" + label() + "]";
  }
}
