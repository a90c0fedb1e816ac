package dev.switchboard.compliance;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HL7 security-label vocabulary the SDK understands: sensitivity codes (ActCode) with their
 * hierarchy, privacy laws, and which of them imply a restricted confidentiality.
 */
public final class Hl7 {
  /** Child code to its broader code; a rule written for SUD also matches ETHUD and OPIOIDUD. */
  private static final Map<String, String> PARENT =
      Map.ofEntries(
          Map.entry("ETHUD", "SUD"),
          Map.entry("OPIOIDUD", "SUD"),
          Map.entry("SUD", "SPI"),
          Map.entry("COGN", "BH"),
          Map.entry("DVD", "BH"),
          Map.entry("EMOTDIS", "BH"),
          Map.entry("BH", "SPI"),
          Map.entry("MH", "SPI"),
          Map.entry("PSY", "SPI"),
          Map.entry("PSYTHPN", "SPI"));

  /** Sensitivity codes accepted in tags and policies. */
  public static final Set<String> SENSITIVITY =
      Set.of(
          "ETH",
          "GDIS",
          "HIV",
          "MST",
          "PREGNANT",
          "SCA",
          "SDV",
          "SEX",
          "STD",
          "TBOO",
          "VIO",
          "IDS",
          "SICKLE",
          "SPI",
          "BH",
          "COGN",
          "DVD",
          "EMOTDIS",
          "MH",
          "PSY",
          "PSYTHPN",
          "SUD",
          "ETHUD",
          "OPIOIDUD",
          "DEMO",
          "DOB",
          "GENDER",
          "RACE",
          "REL",
          "ADOL",
          "CEL",
          "VIP",
          "EMP",
          "DIA",
          "DRGIS",
          "LOCIS",
          "MARST",
          "PATLOC",
          "LIVARG");

  /** Privacy laws accepted in tags and policies. */
  public static final Set<String> PRIVACY_LAW =
      Set.of("42CFRPart2", "HIPAAPsyNotes", "HIPAAAuth", "Title38Section7332", "CommonRule");

  /** Codes (after expansion) that make content at least restricted (R). */
  private static final Set<String> RESTRICTED = Set.of("HIV", "STD", "SDV", "ETH", "SPI", "SICKLE");

  private static final Set<String> RESTRICTED_LAW =
      Set.of("42CFRPart2", "HIPAAPsyNotes", "Title38Section7332");

  /** Codes that make content very restricted (V). */
  private static final Set<String> VERY_RESTRICTED = Set.of("PSYTHPN", "CEL", "VIP", "EMP");

  private Hl7() {}

  /** The codes and every broader code they belong to. */
  public static Set<String> expand(Collection<String> codes) {
    Set<String> out = new TreeSet<>();
    for (String c : codes) {
      for (String x = c; x != null; x = PARENT.get(x)) out.add(x);
    }
    return out;
  }

  /** True if the code is a known sensitivity code. */
  public static boolean isSensitivity(String code) {
    return SENSITIVITY.contains(code);
  }

  /** The privacy law with this code, matched case-insensitively, or null. */
  public static String privacyLaw(String code) {
    for (String law : PRIVACY_LAW) {
      if (law.equalsIgnoreCase(code)) return law;
    }
    return null;
  }

  /** The lowest confidentiality that the sensitivity codes and privacy laws imply. */
  public static Confidentiality impliedConfidentiality(
      Collection<String> sensitivity, Collection<String> laws) {
    Set<String> expanded = expand(sensitivity);
    for (String c : expanded) {
      if (VERY_RESTRICTED.contains(c)) return Confidentiality.V;
    }
    for (String c : expanded) {
      if (RESTRICTED.contains(c)) return Confidentiality.R;
    }
    for (String law : laws) {
      if (RESTRICTED_LAW.contains(law)) return Confidentiality.R;
    }
    return Confidentiality.U;
  }

  /** Upper-cases and checks sensitivity codes, naming the field (never the code) on failure. */
  public static Set<String> sensitivity(Collection<String> codes, String field) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : codes) {
      String c = raw == null ? "" : raw.trim().toUpperCase(java.util.Locale.ROOT);
      if (!SENSITIVITY.contains(c)) {
        throw new IllegalArgumentException(field + ": not a known HL7 sensitivity code");
      }
      out.add(c);
    }
    return out;
  }
}
