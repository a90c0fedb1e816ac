package dev.switchboard.compliance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.compliance.ComplianceSummary;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.KnownPatient;
import dev.switchboard.compliance.Obligation;
import dev.switchboard.compliance.detect.Finding;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.policy.PolicyDecision;
import dev.switchboard.compliance.transform.PseudonymVault;
import dev.switchboard.compliance.transform.RestoreStats;
import dev.switchboard.compliance.transform.StreamRestorer;
import dev.switchboard.pipeline.AttributeKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the compliance stage decided for one call, shared with the audit stage through the call's
 * attributes; and the answer's side: restoring pseudonyms (streamed deltas as they pass, the whole
 * answer at its end) and the output guard. {@link #finish} runs once, when the answer's {@code
 * Completed} event first passes (the audit stage's outcome record needs its counts), and its result
 * is reused by the compliance stage. The vault and the request's values live only here.
 */
public final class ComplianceContext {
  /** The attribute that carries the context. */
  public static final AttributeKey<ComplianceContext> KEY =
      AttributeKey.of("compliance", ComplianceContext.class);

  final ComplianceTags tags;
  final PolicyDecision decision;
  final RequestScan scan;
  final List<String> transformations;
  final PseudonymVault vault;
  final PhiDetector detector;
  final KnownPatient patient;
  final ComplianceTags declared;
  final List<ComplianceSummary.Raise> raises;
  final Set<Obligation> enforced;
  private volatile String decisionEventId;
  private StreamRestorer textRestorer;
  private final StringBuilder restoredText = new StringBuilder();
  private final Map<Integer, StreamRestorer> argRestorers = new TreeMap<>();
  private final Map<Integer, StringBuilder> restoredArgs = new TreeMap<>();
  private Output output;

  /** The answer after restoring, the held-back tails still to emit, and the guard's counts. */
  public record Output(
      ChatResponse response,
      String textTail,
      Map<Integer, String> argTails,
      RestoreStats stats,
      int newIdentifiers,
      List<String> warnings,
      java.util.Set<String> unknownTokenTypes) {}

  ComplianceContext(
      ComplianceTags tags,
      PolicyDecision decision,
      RequestScan scan,
      List<String> transformations,
      PseudonymVault vault,
      PhiDetector detector,
      KnownPatient patient,
      ComplianceTags declared,
      List<ComplianceSummary.Raise> raises,
      Set<Obligation> enforced) {
    this.declared = declared;
    this.raises = List.copyOf(raises);
    this.enforced = Set.copyOf(enforced);
    this.tags = tags;
    this.decision = decision;
    this.scan = scan;
    this.transformations = List.copyOf(transformations);
    this.vault = vault;
    this.detector = detector;
    this.patient = patient;
  }

  /** The effective tags: declared, raised by detection. */
  public ComplianceTags tags() {
    return tags;
  }

  /** The tags as the request declared them. */
  public ComplianceTags declared() {
    return declared;
  }

  /** Each tag detection raised, and why. */
  public List<ComplianceSummary.Raise> raises() {
    return raises;
  }

  /** The obligations the SDK carried out itself. */
  public Set<Obligation> enforced() {
    return enforced;
  }

  public PolicyDecision decision() {
    return decision;
  }

  public List<String> transformations() {
    return transformations;
  }

  public Map<String, Integer> findingCounts() {
    return scan.countsByName();
  }

  public String decisionEventId() {
    return decisionEventId;
  }

  public void decisionEventId(String id) {
    this.decisionEventId = id;
  }

  /** A streamed text delta with its complete tokens restored (some text may be held back). */
  synchronized String restoreDelta(String delta) {
    if (vault == null) return delta;
    if (textRestorer == null) textRestorer = vault.streamRestorer();
    String out = textRestorer.accept(delta);
    restoredText.append(out);
    return out;
  }

  /** A streamed tool-call argument fragment, restored. */
  synchronized String restoreArgs(int index, String fragment) {
    if (vault == null) return fragment;
    String out = argRestorers.computeIfAbsent(index, i -> vault.streamRestorer()).accept(fragment);
    restoredArgs.computeIfAbsent(index, i -> new StringBuilder()).append(out);
    return out;
  }

  /**
   * Restores the complete answer and reviews it, once: the restored text (from the streamed pieces
   * when there were any), restored tool-call arguments, restore counts, and identifiers in the
   * answer that the request did not hold.
   */
  public synchronized Output finish(ChatResponse raw) {
    if (output != null) return output;
    String tail = "";
    Map<Integer, String> argTails = vault == null ? Map.of() : new LinkedHashMap<>();
    ChatResponse.Builder b = vault == null ? null : raw.toBuilder();
    if (vault != null) {
      if (textRestorer != null) {
        tail = textRestorer.finish();
        restoredText.append(tail);
        b.text(restoredText.toString());
      } else {
        b.text(vault.restore(raw.text()));
      }
      List<ToolCall> calls = new ArrayList<>(raw.toolCalls().size());
      int i = 0;
      for (ToolCall c : raw.toolCalls()) {
        StreamRestorer r = argRestorers.get(i);
        String args;
        if (r != null) {
          String t = r.finish();
          argTails.put(i, t);
          args = restoredArgs.get(i).append(t).toString();
        } else {
          args = restoreJson(c.arguments());
        }
        calls.add(new ToolCall(c.id(), c.name(), args));
        i++;
      }
      b.toolCalls(calls);
    }
    RestoreStats stats;
    java.util.Set<String> unknownTypes = new java.util.TreeSet<>();
    if (vault != null) {
      stats = vault.stats();
      vault.unknownTypes().forEach(t -> unknownTypes.add(t.name()));
    } else {
      stats = unissuedTokens(raw, unknownTypes);
    }
    int newIds = newIdentifiers(raw);
    List<String> warnings = new ArrayList<>();
    if (stats.hasUnknown()) warnings.add("RESTORE_UNKNOWN_TOKEN");
    if (newIds > 0) warnings.add("OUTPUT_NEW_IDENTIFIER");
    output =
        new Output(
            vault == null ? raw : b.build(), // nothing restored: the answer as it came
            tail,
            argTails,
            stats,
            newIds,
            List.copyOf(warnings),
            java.util.Set.copyOf(unknownTypes));
    return output;
  }

  /**
   * Without pseudonymization no token was issued, so every pseudonym-shaped token in the answer is
   * unissued: counted through an empty vault (which restores nothing), with its types.
   */
  private static RestoreStats unissuedTokens(ChatResponse raw, java.util.Set<String> types) {
    // Every token form has an underscore: an answer without one holds none, and the vault's
    // maps and sets are not worth building to say so.
    if (!hasUnderscore(raw)) return RestoreStats.NONE;
    try (PseudonymVault empty = new PseudonymVault()) {
      empty.restore(raw.text());
      raw.toolCalls().forEach(c -> empty.restore(c.arguments()));
      empty.unknownTypes().forEach(t -> types.add(t.name()));
      return new RestoreStats(0, 0, empty.stats().unknown());
    }
  }

  private static boolean hasUnderscore(ChatResponse raw) {
    if (raw.text().indexOf('_') >= 0) return true;
    for (ToolCall c : raw.toolCalls()) if (c.arguments().indexOf('_') >= 0) return true;
    return false;
  }

  /** Restores tokens inside the JSON strings of tool arguments, so restored values are escaped. */
  private String restoreJson(String arguments) {
    JsonNode node = Json.parseOrNull(arguments);
    if (node == null) return vault.restore(arguments);
    return Json.write(restoreNode(node));
  }

  private JsonNode restoreNode(JsonNode node) {
    if (node.isTextual()) return new TextNode(vault.restore(node.textValue()));
    if (node.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      node.forEach(n -> out.add(restoreNode(n)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), restoreNode(e.getValue()));
      }
      return out;
    }
    return node;
  }

  /** Identifiers in the raw answer (before restoring) that the request did not hold. */
  private int newIdentifiers(ChatResponse raw) {
    int n = newIdentifiers(raw.text());
    for (ToolCall c : raw.toolCalls()) n += newIdentifiers(c.arguments());
    return n;
  }

  private int newIdentifiers(String t) {
    if (t.isEmpty()) return 0;
    int n = 0;
    for (Finding f : detector.detect(t, patient).findings()) {
      if (!scan.held(t, f.start(), f.end())) n++; // read in place: no substring per finding
    }
    return n;
  }

  /** The summary for the response, with the answer's counts once known. */
  public ComplianceSummary summary(Output out) {
    List<String> eligible = new ArrayList<>(decision.eligible().size());
    for (dev.switchboard.Target t : decision.eligible()) {
      if (!eligible.contains(t.provider())) eligible.add(t.provider());
    }
    ComplianceSummary.TagView declaredView = ComplianceSummary.TagView.of(declared);
    return new ComplianceSummary(
        decision.decision(),
        decision.ruleIds(),
        eligible,
        transformations,
        scan.countsByName(),
        out == null ? 0 : out.stats().restored(),
        out == null ? 0 : out.stats().unknown(),
        out == null ? 0 : out.newIdentifiers(),
        out == null ? List.of() : out.warnings(),
        decision.notices(),
        labelSet(),
        decisionEventId,
        decision.policyHash(),
        decision.exclusions(),
        names(decision.obligations()),
        names(enforced),
        names(decision.refrains()),
        declaredView,
        tags.equals(declared) ? declaredView : ComplianceSummary.TagView.of(tags),
        raises,
        out == null ? java.util.Set.of() : out.unknownTokenTypes());
  }

  /**
   * The security labels the answer carries, in order and distinct: AIAST (asserted by AI), and the
   * confidentiality and sensitivity of what it was made from, which the answer inherits. Made once
   * (the audit record and the summary both list them), in an array rather than a LinkedHashSet: a
   * call has three or four labels.
   */
  List<String> labelList() {
    List<String> out = labelList;
    if (out == null) {
      Set<String> sensitivity = tags.sensitivity();
      String[] labels = new String[2 + sensitivity.size()];
      int n = 0;
      n = addNew(labels, n, "AIAST");
      n = addNew(labels, n, tags.confidentiality().name());
      for (String code : sensitivity) n = addNew(labels, n, code);
      labelList = out = List.of(n == labels.length ? labels : java.util.Arrays.copyOf(labels, n));
    }
    return out;
  }

  private static int addNew(String[] labels, int n, String label) {
    for (int i = 0; i < n; i++) if (labels[i].equals(label)) return n;
    labels[n] = label;
    return n + 1;
  }

  private List<String> labelList;

  private Set<String> labelSet() {
    return Set.copyOf(labelList());
  }

  /** The names, as the immutable set the summary keeps (it would copy any other set). */
  private static Set<String> names(Set<? extends Enum<?>> values) {
    if (values.isEmpty()) return Set.of();
    String[] out = new String[values.size()];
    int i = 0;
    for (Enum<?> v : values) out[i++] = v.name();
    return Set.of(out);
  }

  /** Forgets the pseudonyms: called when the call ends. */
  void close() {
    if (vault != null) vault.close();
  }

  @Override
  public String toString() {
    return "ComplianceContext["
        + decision.decision()
        + ", rules="
        + decision.ruleIds()
        + ", transforms="
        + transformations
        + "]";
  }
}
