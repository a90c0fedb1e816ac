package dev.switchboard.mock;

import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * What the mock answers: rules tried in order, each with an optional pattern (matched anywhere in
 * the last user message) and a sequence of replies. Each matching call takes the next reply of the
 * sequence; the last one repeats. Pattern rules are tried before rules without a pattern.
 * Thread-safe.
 *
 * @since 0.1
 */
public final class MockScript {
  private final List<Rule> rules;

  /** One rule: replies for messages that match the pattern (null: every message). */
  public static final class Rule {
    private final Pattern pattern;
    private final List<MockReply> replies;
    private final AtomicInteger next = new AtomicInteger();

    public Rule(Pattern pattern, List<MockReply> replies) {
      this.pattern = pattern;
      this.replies = Checks.listCopy(replies, "MockScript.Rule.replies");
      Checks.check(
          !this.replies.isEmpty(), "MockScript.Rule.replies", "must contain at least one reply");
    }

    boolean matches(String lastUserText) {
      return pattern == null || pattern.matcher(lastUserText).find();
    }

    MockReply take() {
      int i = next.getAndUpdate(n -> n < replies.size() - 1 ? n + 1 : n);
      return replies.get(i);
    }

    /** The pattern, or null for a rule that matches everything. */
    public Pattern pattern() {
      return pattern;
    }

    public List<MockReply> replies() {
      return replies;
    }
  }

  public MockScript(List<Rule> rules) {
    List<Rule> ordered = new ArrayList<>();
    for (Rule r : Checks.listCopy(rules, "MockScript.rules")) if (r.pattern != null) ordered.add(r);
    for (Rule r : rules) if (r.pattern == null) ordered.add(r);
    this.rules = List.copyOf(ordered);
  }

  /** An empty script: every call gets the mock's default reply. */
  public static MockScript empty() {
    return new MockScript(List.of());
  }

  /** The next reply for this message, or null when no rule matches (use the default reply). */
  public MockReply next(String lastUserText) {
    for (Rule r : rules) {
      if (r.matches(lastUserText)) return r.take();
    }
    return null;
  }

  public List<Rule> rules() {
    return rules;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }
}
