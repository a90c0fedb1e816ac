package dev.switchboard.compliance.internal.policy;

import dev.switchboard.compliance.Confidentiality;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.Hl7;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.Obligation;
import dev.switchboard.compliance.ProviderKind;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.Refrain;
import dev.switchboard.compliance.Residency;
import dev.switchboard.compliance.internal.ProfileParser;
import dev.switchboard.config.SettingsDocument;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.spi.ProviderSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a policy document into rules, collecting every problem with its path and place (for example
 * {@code rules[3].when.sensitivity[0] (line 9:25): not a known HL7 sensitivity code}). Nothing
 * throws.
 */
public final class PolicyParser {
  /** The data classes any rule's {@code when} names, wherever in the condition. */
  private final Set<DataClass> whenDataClasses = EnumSet.noneOf(DataClass.class);

  /** What a parse produced; only usable when {@code problems} is empty. */
  public record Parsed(
      int version,
      Residency defaultResidency,
      boolean escalate,
      List<Rule> rules,
      List<String> problems,
      Set<DataClass> whenDataClasses) {
    /** The rule ids in file order. */
    public List<String> ruleIds() {
      return rules.stream().map(Rule::id).toList();
    }
  }

  /** Parses policy YAML. */
  public static Parsed parse(String yaml) {
    return new PolicyParser().run(yaml);
  }

  private Parsed run(String yaml) {
    SettingsDocument doc =
        SettingsDocument.parse(yaml, "a mapping with version, defaults and rules");
    if (doc.root().isEmpty())
      return new Parsed(0, Residency.US, true, List.of(), doc.problems(), Set.of());
    ProviderSettings root = doc.root().get();
    int version =
        root.integer("version")
            .orElseGet(
                () -> {
                  if (!root.has("version")) root.problem("version", "is required");
                  return 0;
                });
    Residency[] residency = {Residency.US};
    boolean[] escalate = {true};
    root.section("defaults").ifPresent(d -> defaults(d, residency, escalate));
    List<Rule> rules = new ArrayList<>();
    if (!root.has("rules")) root.problem("rules", "is required: a list of rules");
    Set<String> ids = new HashSet<>();
    for (ProviderSettings r : root.sections("rules")) {
      Rule rule = rule(r);
      if (rule == null) continue;
      if (!ids.add(rule.id())) r.problem("id", "duplicates an earlier rule id");
      rules.add(rule);
    }
    doc.reportUnknownKeys();
    // Each problem with its line and column, so an operator can go straight to it.
    return new Parsed(
        version,
        residency[0],
        escalate[0],
        List.copyOf(rules),
        doc.locatedProblems(),
        Set.copyOf(whenDataClasses));
  }

  private void defaults(ProviderSettings d, Residency[] residency, boolean[] escalate) {
    d.string("decision")
        .ifPresent(
            v -> {
              if (!v.equalsIgnoreCase("BLOCK"))
                d.problem("decision", "must be BLOCK: a request no rule allows is refused");
            });
    d.section("detector").ifPresent(s -> s.bool("escalate").ifPresent(v -> escalate[0] = v));
    d.section("audit")
        .ifPresent(
            s ->
                s.bool("failClosed")
                    .ifPresent(
                        v -> {
                          if (!v)
                            s.problem(
                                "failClosed",
                                "must be true: a call whose audit record cannot be written is refused");
                        }));
    d.string("residency")
        .ifPresent(
            v ->
                ProfileParser.enumValue(Residency.class, v)
                    .ifPresentOrElse(
                        r -> residency[0] = r,
                        () -> d.problem("residency", "must be US, EU or ONPREM")));
  }

  private Rule rule(ProviderSettings r) {
    String id = r.requiredString("id");
    if (!id.isEmpty() && !id.matches("[A-Za-z0-9_.-]{1,64}"))
      r.problem("id", "must match [A-Za-z0-9_.-]{1,64}");
    Condition when = r.section("when").map(this::condition).orElse(Condition.ALWAYS);
    boolean block =
        r.string("decision")
            .map(
                v -> {
                  if (!v.equalsIgnoreCase("BLOCK"))
                    r.problem("decision", "must be BLOCK (rules only block or narrow)");
                  return true;
                })
            .orElse(false);
    Code error = r.string("error").map(v -> enumOf(r, "error", Code.class, v)).orElse(null);
    Requirement provider = null;
    Set<PurposeOfUse> consentUnless = null;
    boolean breakGlass = false;
    boolean noFindings = false;
    boolean dua = false;
    Set<DataClass> classes = Set.of();
    Set<PurposeOfUse> purposes = Set.of();
    Optional<ProviderSettings> req = r.section("require");
    if (req.isPresent()) {
      ProviderSettings q = req.get();
      provider = q.has("provider") ? providerRequirement(q) : null;
      if (q.has("consentUnlessPurpose")) consentUnless = purposes(q, "consentUnlessPurpose");
      if (q.bool("consent").orElse(false)) consentUnless = Set.of();
      breakGlass = q.bool("breakGlassReason").orElse(false);
      dua = q.bool("duaId").orElse(false);
      classes = dataClasses(q, "dataClass");
      purposes = purposes(q, "purposeOfUse");
      noFindings =
          q.string("detectorFindings")
              .map(
                  v -> {
                    if (!v.equalsIgnoreCase("none")) q.problem("detectorFindings", "must be none");
                    return true;
                  })
              .orElse(false);
    }
    Set<Obligation> obligations = enums(r, "obligations", Obligation.class);
    Set<Refrain> refrains = enums(r, "refrains", Refrain.class);
    String notice = r.string("outputNotice").orElse(null);
    boolean alert =
        r.section("audit")
            .flatMap(a -> a.oneOf("severity", Set.of("alert", "normal")))
            .map("alert"::equals)
            .orElse(false);
    if (!block
        && req.isEmpty()
        && obligations.isEmpty()
        && refrains.isEmpty()
        && notice == null
        && !alert) {
      r.problem(
          null,
          "does nothing: give decision, require, obligations, refrains, outputNotice or audit");
    }
    if (id.isEmpty()) return null;
    return new Rule(
        id,
        when,
        block,
        error,
        provider,
        consentUnless,
        breakGlass,
        classes,
        noFindings,
        dua,
        purposes,
        obligations,
        refrains,
        notice,
        alert);
  }

  private Condition condition(ProviderSettings w) {
    List<Condition> parts = new ArrayList<>();
    for (String key : w.keys()) {
      switch (key) {
        case "anyOf" ->
            parts.add(Condition.any(w.sections(key).stream().map(this::condition).toList()));
        case "allOf" ->
            parts.add(Condition.all(w.sections(key).stream().map(this::condition).toList()));
        case "not" -> w.section(key).map(this::condition).map(Condition::not).ifPresent(parts::add);
        case "dataClass" -> {
          Set<DataClass> s = dataClasses(w, key);
          whenDataClasses.addAll(s);
          parts.add(new Condition((f, p) -> s.contains(f.tags().dataClass()), false));
        }
        case "confidentiality" -> {
          Set<Confidentiality> s = enums(w, key, Confidentiality.class);
          parts.add(new Condition((f, p) -> s.contains(f.tags().confidentiality()), false));
        }
        case "sensitivity" -> {
          Set<String> s =
              codes(
                  w,
                  key,
                  c ->
                      Hl7.isSensitivity(c.toUpperCase(java.util.Locale.ROOT))
                          ? c.toUpperCase(java.util.Locale.ROOT)
                          : null,
                  "not a known HL7 sensitivity code");
          Object[] any = s.toArray(); // walked as an array: no iterator per call
          parts.add(new Condition((f, p) -> Condition.anyOf(f.sensitivity(), any), false));
        }
        case "privacyLaw" -> {
          Set<String> s =
              codes(w, key, Hl7::privacyLaw, "not a known privacy law " + Hl7.PRIVACY_LAW);
          Object[] any = s.toArray();
          parts.add(new Condition((f, p) -> Condition.anyOf(f.tags().privacyLaw(), any), false));
        }
        case "purposeOfUse" -> {
          PurposeOfUse[] s = purposes(w, key).toArray(new PurposeOfUse[0]);
          parts.add(
              new Condition(
                  (f, p) -> {
                    PurposeOfUse u = f.tags().purpose().orElse(null);
                    return u != null && Condition.isAnyOf(u, s);
                  },
                  false));
        }
        case "residency" -> {
          Set<Residency> s = enums(w, key, Residency.class);
          parts.add(new Condition((f, p) -> s.contains(f.residency()), false));
        }
        case "modality" -> {
          Set<Modality> s = enums(w, key, Modality.class);
          Object[] any = s.toArray();
          parts.add(new Condition((f, p) -> Condition.anyOf(f.modalities(), any), false));
        }
        case "providerKind" -> {
          Set<ProviderKind> s = kinds(w, key);
          parts.add(new Condition((f, p) -> s.contains(p.kind()), true));
        }
        default -> {} // left unread: reported as an unknown key
      }
    }
    if (parts.isEmpty() && w.keys().isEmpty()) w.problem(null, "must hold at least one condition");
    return Condition.all(parts);
  }

  private Requirement providerRequirement(ProviderSettings q) {
    Optional<ProviderSettings> p = q.section("provider");
    if (p.isEmpty()) return null;
    if (p.get().has("anyOf")) {
      List<List<Requirement.Check>> alternatives = new ArrayList<>();
      for (ProviderSettings alt : p.get().sections("anyOf"))
        alternatives.add(ProviderChecks.parse(alt, this));
      if (alternatives.isEmpty()) p.get().problem("anyOf", "must list at least one alternative");
      return new Requirement(alternatives);
    }
    return new Requirement(List.of(ProviderChecks.parse(p.get(), this)));
  }

  Set<ProviderKind> kinds(ProviderSettings s, String key) {
    return codes(
        s,
        key,
        c -> ProviderKind.find(c).filter(k -> k != ProviderKind.UNDECLARED).orElse(null),
        "must be CLOUD_DIRECT, CLOUD_PARTNER, ON_PREM or MOCK (also cloud, cloud-partner, on-prem, AZURE_DIRECT, AZURE_PARTNER, ONPREM)");
  }

  private Set<DataClass> dataClasses(ProviderSettings s, String key) {
    return codes(
        s,
        key,
        c -> DataClass.find(c).orElse(null),
        "must be PUBLIC, INTERNAL, PHI, LDS, DEID_SAFE_HARBOR, DEID_EXPERT, SYNTHETIC or UNSPECIFIED");
  }

  private Set<PurposeOfUse> purposes(ProviderSettings s, String key) {
    return codes(s, key, c -> PurposeOfUse.find(c).orElse(null), "not a known HL7 purpose of use");
  }

  <E extends Enum<E>> Set<E> enums(ProviderSettings s, String key, Class<E> type) {
    return codes(
        s,
        key,
        c -> ProfileParser.enumValue(type, c).orElse(null),
        "must be one of " + EnumSet.allOf(type));
  }

  <E extends Enum<E>> E enumOf(ProviderSettings s, String key, Class<E> type, String code) {
    E e = ProfileParser.enumValue(type, code).orElse(null);
    if (e == null) s.problem(key, "must be one of " + EnumSet.allOf(type));
    return e;
  }

  /** Reads a list (or single value) of codes, reporting each unknown one by its index. */
  <T> Set<T> codes(ProviderSettings s, String key, Function<String, T> lookup, String problem) {
    Set<T> out = new LinkedHashSet<>();
    List<String> values = s.stringList(key);
    for (int i = 0; i < values.size(); i++) {
      T t = lookup.apply(values.get(i).trim());
      if (t == null) s.problem(key + "[" + i + "]", problem);
      else out.add(t);
    }
    if (values.isEmpty() && s.has(key)) s.problem(key, "must list at least one value");
    return out;
  }
}
