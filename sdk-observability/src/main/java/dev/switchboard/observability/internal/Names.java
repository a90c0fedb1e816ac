package dev.switchboard.observability.internal;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * Switchboard's own attribute names (under {@code switchboard.}) and the metric names. The GenAI,
 * server and error attribute names come from the semantic-conventions artifacts; the Java artifacts
 * generate attribute keys only, so the GenAI metric names are written here once, as the GenAI
 * semantic conventions define them.
 */
public final class Names {
  private Names() {}

  // --- metrics -----------------------------------------------------------------------------

  /** GenAI semconv: duration of a client operation, in seconds. */
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

  /** GenAI semconv: tokens used, by {@code gen_ai.token.type}. */
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

  /** Time from the call's start to the first event of a stream, in seconds. */
  public static final String TIME_TO_FIRST_TOKEN = "switchboard.client.time_to_first_token";

  /**
   * Cost of served calls, in millionths of the currency unit (so that sums stay exact integers), by
   * currency and by the configured tag keys.
   */
  public static final String COST = "switchboard.client.cost";

  /** What is left of each budget in its period (limit minus used), in the budget's currency. */
  public static final String BUDGET_REMAINING = "switchboard.budget.remaining";

  /** Attempts retried at the same target, by the failure's type. */
  public static final String RETRIES = "switchboard.client.retries";

  /** Moves to another target after a failure, by the failure's type. */
  public static final String FAILOVERS = "switchboard.client.failovers";

  /** Calls refused by the compliance policy, by block code. */
  public static final String POLICY_BLOCKS = "switchboard.client.policy_blocks";

  /** Circuit breaker transitions, by target and new state. */
  public static final String CIRCUIT_CHANGES = "switchboard.circuit.state_changes";

  /** Counter: a {@code scope: cluster} rate limit changed where it is counted. */
  public static final String QUOTA_MODE_CHANGES = "switchboard.quota.mode_changes";

  /** GenAI semconv's advised bucket boundaries for {@link #OPERATION_DURATION}, in seconds. */
  public static final List<Double> DURATION_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  /** GenAI semconv's advised bucket boundaries for {@link #TOKEN_USAGE}. */
  public static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);

  // --- switchboard.* attributes ----------------------------------------------------------

  /** The logical model the caller asked for. */
  public static final AttributeKey<String> LOGICAL_MODEL = stringKey("switchboard.logical_model");

  /** The provider id (as configured) of an attempt or of the target that served. */
  public static final AttributeKey<String> PROVIDER = stringKey("switchboard.provider");

  /** Attempts made for the call. */
  public static final AttributeKey<Long> ATTEMPTS = longKey("switchboard.attempts");

  /** The attempt's number, from 1. */
  public static final AttributeKey<Long> ATTEMPT = longKey("switchboard.attempt");

  /** The target ({@code provider/model}) that served after a failover. */
  public static final AttributeKey<String> FAILOVER_TARGET =
      stringKey("switchboard.failover.target");

  /** A circuit breaker's state: {@code closed}, {@code open}, {@code half_open}. */
  public static final AttributeKey<String> CIRCUIT_STATE = stringKey("switchboard.circuit.state");

  /**
   * Where a cluster rate limit is counted: {@code shared} (the database) or {@code instance_share}
   * (this instance's share, the database unreachable).
   */
  public static final AttributeKey<String> QUOTA_MODE = stringKey("switchboard.quota.mode");

  /** The previous state, on circuit changes. */
  public static final AttributeKey<String> CIRCUIT_PREVIOUS_STATE =
      stringKey("switchboard.circuit.previous_state");

  /** The cost of the call, in the currency's unit. */
  public static final AttributeKey<Double> COST_AMOUNT = doubleKey("switchboard.cost.amount");

  /** The cost's currency, such as {@code USD}. */
  public static final AttributeKey<String> COST_CURRENCY = stringKey("switchboard.cost.currency");

  /** True if the cost was estimated (the provider reported no usage). */
  public static final AttributeKey<Boolean> COST_ESTIMATED =
      booleanKey("switchboard.cost.estimated");

  /** {@code ok}, {@code over_soft_limit} or {@code exceeded}. */
  public static final AttributeKey<String> BUDGET_STATUS = stringKey("switchboard.budget.status");

  /** A budget's name as configured. */
  public static final AttributeKey<String> BUDGET_NAME = stringKey("switchboard.budget.name");

  /**
   * The compliance policy's decision: {@code ALLOW}, {@code ALLOW_WITH}, {@code ROUTE}, {@code
   * BLOCK}.
   */
  public static final AttributeKey<String> COMPLIANCE_DECISION =
      stringKey("switchboard.compliance.decision");

  /** Why the policy blocked the call (the exception's stable code). */
  public static final AttributeKey<String> BLOCK_CODE = stringKey("switchboard.block.code");

  /** Transformations applied to the request, such as {@code PSEUD} or {@code REDACT:TYPE_MASK}. */
  public static final AttributeKey<List<String>> TRANSFORMATIONS =
      stringArrayKey("switchboard.compliance.transformations");

  /** The audit record of the decision. */
  public static final AttributeKey<String> AUDIT_EVENT_ID = stringKey("switchboard.audit.event_id");

  /** True when the caller closed a stream before it completed. */
  public static final AttributeKey<Boolean> STREAM_CLOSED_EARLY =
      booleanKey("switchboard.stream.closed_early");

  /** Time to first token of a stream, in seconds, on the first-token event. */
  public static final AttributeKey<Double> TIME_TO_FIRST_TOKEN_S =
      doubleKey("switchboard.time_to_first_token");

  /** The name of the span event marking a stream's first event. */
  public static final String FIRST_TOKEN_EVENT = "switchboard.first_token";

  /** The prefix of cost tag labels: {@code switchboard.tag.<key>}. */
  public static final String TAG_PREFIX = "switchboard.tag.";

  // --- content capture (off by default) ----------------------------------------------------

  /**
   * GenAI semconv (opt-in): the messages sent, as JSON. The Java artifact generates no key for the
   * structured attributes, so the name is written here once.
   */
  public static final AttributeKey<String> INPUT_MESSAGES = stringKey("gen_ai.input.messages");

  /** GenAI semconv (opt-in): the answer's messages, as JSON. */
  public static final AttributeKey<String> OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");

  /**
   * Why content capture, although on, left this call's content out: {@code phi} when its tags mark
   * it as PHI.
   */
  public static final AttributeKey<String> CONTENT_WITHHELD =
      stringKey("switchboard.content.withheld");
}
