package dev.switchboard.compliance.internal;

import dev.switchboard.chat.AssistantMessage;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.DeveloperMessage;
import dev.switchboard.chat.SystemMessage;
import dev.switchboard.chat.TextPart;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolMessage;
import dev.switchboard.chat.UserMessage;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.KnownPatient;
import dev.switchboard.compliance.detect.Detection;
import dev.switchboard.compliance.detect.Finding;
import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.detect.SensitivityHit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The detector's findings over every text a request carries (system, developer, user text parts,
 * assistant history and its tool-call arguments, tool results, embedding inputs), kept per text so
 * that transformations reuse them. Holds the found values in memory for this call only, to tell
 * identifiers the model invented from ones it echoed; never logged.
 */
final class RequestScan {
  /**
   * Types a limited data set may keep (164.514(e)): dates, five-digit ZIP, ages. A street address
   * is a direct identifier (only town, state and ZIP may stay), so it is not among them.
   */
  private static final Set<FindingType> LDS_ALLOWED =
      Set.of(FindingType.DATE, FindingType.ZIP_CODE, FindingType.AGE_OVER_89);

  // Sized for a request's few texts: the defaults (32 slots and more) were most of a scan's bytes.
  private final IdentityHashMap<String, Detection> byText = new IdentityHashMap<>(4);
  private final Map<FindingType, Integer> counts = new EnumMap<>(FindingType.class);
  // Most requests raise no sensitivity: these sets are made when the first text raises one.
  private Set<String> sensitivity = Set.of();
  private Set<SensitivityHit> hits = Set.of();
  private final Set<String> values = new HashSet<>();
  private int findings;

  private RequestScan() {}

  static RequestScan of(ChatRequest request, PhiDetector detector, KnownPatient patient) {
    RequestScan scan = new RequestScan();
    for (String text : texts(request)) scan.add(text, detector, patient);
    return scan;
  }

  static RequestScan of(List<String> inputs, PhiDetector detector, KnownPatient patient) {
    RequestScan scan = new RequestScan();
    for (String text : inputs) scan.add(text, detector, patient);
    return scan;
  }

  private void add(String text, PhiDetector detector, KnownPatient patient) {
    if (text.isEmpty() || byText.containsKey(text)) return;
    Detection d = detector.detect(text, patient);
    byText.put(text, d);
    for (Finding f : d.findings()) {
      counts.merge(f.type(), 1, Integer::sum);
      values.add(normalize(text, f.start(), f.end())); // from the text in place: no substring
      findings++;
    }
    if (!d.raisedSensitivity().isEmpty()) {
      if (sensitivity.isEmpty()) sensitivity = new LinkedHashSet<>(4);
      sensitivity.addAll(d.raisedSensitivity());
    }
    if (!d.hits().isEmpty()) {
      if (hits.isEmpty()) hits = new LinkedHashSet<>(4);
      hits.addAll(d.hits());
    }
  }

  /** Every text of a chat request, in message order. */
  static List<String> texts(ChatRequest request) {
    // The same texts, in the same order, as mapTexts passes through its function; read in place
    // rather than by building the mapped request.
    List<String> out = new ArrayList<>(request.messages().size() + 2);
    for (ChatMessage m : request.messages()) {
      if (m instanceof SystemMessage s) {
        out.add(s.text());
      } else if (m instanceof DeveloperMessage d) {
        out.add(d.text());
      } else if (m instanceof UserMessage u) {
        for (ContentPart p : u.parts()) if (p instanceof TextPart t) out.add(t.text());
      } else if (m instanceof AssistantMessage a) {
        for (ToolCall c : a.toolCalls()) out.add(c.arguments());
        if (a.text() != null) out.add(a.text());
      } else if (m instanceof ToolMessage t) {
        out.add(t.content());
      }
    }
    return out;
  }

  /** The request with every text passed through {@code f}; images and ids stay as they are. */
  static ChatRequest mapTexts(ChatRequest request, UnaryOperator<String> f) {
    List<ChatMessage> messages = new ArrayList<>(request.messages().size());
    for (ChatMessage m : request.messages()) {
      if (m instanceof SystemMessage s) {
        messages.add(new SystemMessage(f.apply(s.text())));
      } else if (m instanceof DeveloperMessage d) {
        messages.add(new DeveloperMessage(f.apply(d.text())));
      } else if (m instanceof UserMessage u) {
        List<ContentPart> parts = new ArrayList<>(u.parts().size());
        for (ContentPart p : u.parts())
          parts.add(p instanceof TextPart t ? new TextPart(f.apply(t.text())) : p);
        messages.add(new UserMessage(parts));
      } else if (m instanceof AssistantMessage a) {
        List<ToolCall> calls = new ArrayList<>(a.toolCalls().size());
        for (ToolCall c : a.toolCalls())
          calls.add(new ToolCall(c.id(), c.name(), f.apply(c.arguments())));
        messages.add(new AssistantMessage(a.text() == null ? null : f.apply(a.text()), calls));
      } else if (m instanceof ToolMessage t) {
        messages.add(new ToolMessage(t.toolCallId(), f.apply(t.content())));
      }
    }
    return request.toBuilder().messages(messages).build();
  }

  /** The findings a limited data set may not keep: its direct identifiers. */
  static List<Finding> directIdentifiers(List<Finding> findings) {
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      if (!LDS_ALLOWED.contains(f.type())) out.add(f);
    }
    return out;
  }

  /** Every value the detector found, as written in the request; for this call only. */
  List<String> foundValues() {
    List<String> out = new ArrayList<>();
    byText.forEach(
        (text, d) -> {
          for (Finding f : d.findings()) out.add(f.text(text));
        });
    return out;
  }

  /** The findings for a text this scan saw (the same String instance), or none. */
  List<Finding> findingsFor(String text) {
    Detection d = byText.get(text);
    return d == null ? List.of() : d.findings();
  }

  Map<FindingType, Integer> counts() {
    return counts;
  }

  /**
   * Counts by type name, for summaries and audit records: made once (the scan is complete when it
   * is first asked), unmodifiable, in {@link FindingType} order.
   */
  Map<String, Integer> countsByName() {
    Map<String, Integer> out = countsByName;
    if (out == null) {
      Map<String, Integer> m = new java.util.LinkedHashMap<>();
      counts.forEach((k, v) -> m.put(k.name(), v));
      out = java.util.Collections.unmodifiableMap(m);
      countsByName = out;
    }
    return out;
  }

  private Map<String, Integer> countsByName;

  int findings() {
    return findings;
  }

  Set<String> sensitivity() {
    return sensitivity;
  }

  /** The lexicon hits behind {@link #sensitivity()}: codes and recognizers, no text. */
  Set<SensitivityHit> hits() {
    return hits;
  }

  /**
   * The finding types that make the request PHI: for a declared limited data set, the types it may
   * not keep (direct identifiers); otherwise every type found.
   */
  Set<FindingType> phiTypes(DataClass declared) {
    Set<FindingType> out = new java.util.TreeSet<>(counts.keySet());
    if (declared == DataClass.LIMITED_DATA_SET) out.removeAll(LDS_ALLOWED);
    return out;
  }

  /** True if the request held the value (compared without case, spacing and punctuation). */
  boolean held(String value) {
    return values.contains(normalize(value));
  }

  /** {@link #held(String)} for {@code text[from, to)}. */
  boolean held(String text, int from, int to) {
    return values.contains(normalize(text, from, to));
  }

  /** The data class the findings imply: PHI if any identifier a limited data set may not keep. */
  DataClass impliedClass(DataClass declared) {
    if (findings == 0) return DataClass.UNSPECIFIED;
    if (declared == DataClass.LIMITED_DATA_SET && LDS_ALLOWED.containsAll(counts.keySet()))
      return DataClass.LIMITED_DATA_SET;
    return DataClass.PHI;
  }

  static String normalize(String value) {
    return normalize(value, 0, value.length());
  }

  /**
   * A builder per thread for {@link #normalize}: a call normalizes every value it finds, and a
   * builder per value was a third of that. It holds an identifier while one is normalized, so it is
   * blanked after each and not kept once grown past an identifier's size.
   */
  private static final ThreadLocal<StringBuilder> NORMALIZING =
      ThreadLocal.withInitial(() -> new StringBuilder(64));

  /** {@link #normalize(String)} of {@code text[from, to)}. */
  static String normalize(String text, int from, int to) {
    StringBuilder sb = NORMALIZING.get();
    sb.setLength(0);
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) sb.append(Character.toLowerCase(c));
    }
    String out = sb.toString().toLowerCase(Locale.ROOT);
    for (int i = 0, n = sb.length(); i < n; i++) sb.setCharAt(i, ' ');
    sb.setLength(0);
    if (sb.capacity() > 1024) NORMALIZING.remove();
    return out;
  }
}
