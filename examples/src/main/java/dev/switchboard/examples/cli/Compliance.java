package dev.switchboard.examples.cli;

import dev.switchboard.compliance.ComplianceSummary;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.ProviderExclusion;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.error.ComplianceViolationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compliance tags from the command line, and the compliance summary as JSON. */
final class Compliance {
  private Compliance() {}

  /**
   * The tags the options declare, or null if none was given.
   *
   * @throws IllegalArgumentException naming the bad option
   */
  static ComplianceTags tags(
      String dataClass, String purpose, List<String> sensitivity, String dua, String breakGlass) {
    if (dataClass == null
        && purpose == null
        && sensitivity.isEmpty()
        && dua == null
        && breakGlass == null) return null;
    ComplianceTags.Builder b = ComplianceTags.builder();
    if (dataClass != null) {
      DataClass dc =
          DataClass.find(dataClass)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--data-class: must be PUBLIC, INTERNAL, PHI, LDS or SYNTHETIC"));
      if (dc.isDeidentified()) {
        throw new IllegalArgumentException(
            "--data-class: a de-identified class needs an attestation; declare it in code");
      }
      b.dataClass(dc);
    }
    if (purpose != null) {
      b.purposeOfUse(
          PurposeOfUse.find(purpose)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--purpose: not a known HL7 purpose of use (TREAT, ETREAT, BTG, HPAYMT, HOPERAT, HRESCH, PUBHLTH, HTEST, ...)")));
    }
    try {
      b.addSensitivity(sensitivity.toArray(String[]::new));
      if (dua != null) b.duaId(dua);
      if (breakGlass != null) b.breakGlass(breakGlass);
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--sensitivity/--dua: " + e.getMessage());
    }
  }

  static Map<String, Object> summary(ComplianceSummary s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("decision", s.decision().name());
    out.put("ruleIds", s.ruleIds());
    out.put("eligibleProviders", s.eligibleProviders());
    out.put("transformations", s.transformations());
    out.put("findingCounts", s.findingCounts());
    out.put("restoredTokens", s.restoredTokens());
    out.put("unknownTokens", s.unknownTokens());
    out.put("newIdentifiers", s.newIdentifiers());
    out.put("warnings", s.warnings());
    out.put("notices", s.notices());
    out.put("labels", s.labels());
    out.put("auditEventId", s.auditEventId());
    out.put("policyHash", s.policyHash());
    out.put("excludedProviders", exclusions(s.excludedProviders()));
    out.put("obligations", s.obligations());
    out.put("enforcedObligations", s.enforcedObligations());
    out.put("refrains", s.refrains());
    out.put("declaredTags", tags(s.declaredTags()));
    out.put("effectiveTags", tags(s.effectiveTags()));
    List<Object> raised = new ArrayList<>();
    for (ComplianceSummary.Raise r : s.raisedTags()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tag", r.tag());
      m.put("value", r.value());
      m.put("reason", r.reason());
      raised.add(m);
    }
    out.put("raisedTags", raised);
    return out;
  }

  /** A refused call as JSON: its code, rule, audit record, hint and every exclusion. */
  static Map<String, Object> refusal(ComplianceViolationException e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("code", e.code().name());
    out.put("ruleId", e.ruleId());
    out.put("auditEventId", e.auditEventId().orElse(null));
    out.put("policyHash", e.policyHash().orElse(null));
    out.put("hint", e.hint());
    out.put("excludedProviders", exclusions(e.exclusions()));
    return Map.of("refused", out);
  }

  static List<Object> exclusions(List<ProviderExclusion> exclusions) {
    List<Object> out = new ArrayList<>();
    for (ProviderExclusion x : exclusions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("provider", x.provider());
      m.put("model", x.model());
      m.put("codes", x.codes().stream().map(Enum::name).toList());
      List<Object> reasons = new ArrayList<>();
      for (ProviderExclusion.Reason r : x.reasons()) {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("code", r.code().name());
        rm.put("ruleId", r.ruleId());
        rm.put("detail", r.detail());
        reasons.add(rm);
      }
      m.put("reasons", reasons);
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> tags(ComplianceSummary.TagView t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataClass", t.dataClass());
    m.put("confidentiality", t.confidentiality());
    m.put("sensitivity", new java.util.TreeSet<>(t.sensitivity()));
    m.put("privacyLaw", new java.util.TreeSet<>(t.privacyLaw()));
    return m;
  }
}
