package dev.switchboard.examples.cli;

import dev.switchboard.compliance.ComplianceSummary;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.Hl7;
import dev.switchboard.compliance.ProviderExclusion;
import dev.switchboard.compliance.PurposeOfUse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

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
                      UsageError.of(
                          "--data-class",
                          dataClass.matches("[A-Za-z_]{1,24}") ? dataClass : "(this value)",
                          "must be PUBLIC, INTERNAL, PHI, LDS or SYNTHETIC"));
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
                      UsageError.of(
                          "--purpose",
                          purpose.matches("[A-Za-z]{1,24}") ? purpose : "(this value)",
                          "not a known HL7 purpose of use (TREAT, ETREAT, BTG, HPAYMT, HOPERAT, HRESCH, PUBHLTH, HTEST, ...)")));
    }
    for (String code : sensitivity) {
      String c = code.trim().toUpperCase(Locale.ROOT);
      if (!Hl7.isSensitivity(c)) {
        throw UsageError.of(
            "--sensitivity",
            c.matches("[A-Z0-9]{1,24}") ? c : "(this value)",
            "not a known HL7 sensitivity code; valid codes: "
                + String.join(", ", new TreeSet<>(Hl7.SENSITIVITY)));
      }
    }
    b.addSensitivity(sensitivity.toArray(String[]::new));
    try {
      if (dua != null) b.duaId(dua);
      if (breakGlass != null) b.breakGlass(breakGlass);
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageError(
          (dua != null ? "--dua/--break-glass: " : "--break-glass: ") + e.getMessage());
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
    out.put("unknownTokenTypes", new java.util.TreeSet<>(s.unknownTokenTypes()));
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
    m.put("sensitivity", new TreeSet<>(t.sensitivity()));
    m.put("privacyLaw", new TreeSet<>(t.privacyLaw()));
    return m;
  }
}
