package dev.switchboard.compliance.policy;

import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.internal.policy.PolicyEvaluator;
import dev.switchboard.compliance.internal.policy.PolicyParser;
import dev.switchboard.config.SettingsDocument;
import dev.switchboard.error.ConfigException;
import dev.switchboard.spi.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A validated compliance policy: rules that match a request's tags (data class, confidentiality,
 * sensitivity, privacy law, purpose of use, residency) and the targets' provider kinds, and then
 * block, narrow the eligible providers, or add obligations and refrains. Immutable and thread-safe.
 *
 * <pre>{@code
 * version: 3
 * defaults: {decision: BLOCK, detector: {escalate: true}, audit: {failClosed: true}}
 * rules:
 * - {id: phi-needs-baa, when: {dataClass: [PHI, LDS]},
 *    require: {provider: {anyOf: [{kind: ON_PREM}, {baa: true, deployment: [REGIONAL, DATAZONE_US]}]}}}
 * - {id: psychotherapy-notes, when: {sensitivity: [PSYTHPN]}, decision: BLOCK, error: PSYCHOTHERAPY_NOTES_EXCLUDED}
 * }</pre>
 *
 * <p>Semantics: a request without a data class or purpose of use is blocked (the default decision).
 * Rules apply in file order; any matching block wins over everything else (deny wins). Provider
 * requirements exclude the targets that fail them; if no target survives, the call is blocked.
 * Codes are hierarchical: a rule for {@code SUD} matches {@code ETHUD}, a rule for {@code TREAT}
 * matches {@code ETREAT}. The policy's {@link #hash()} (SHA-256 of the file's bytes) goes into
 * every decision and audit record.
 *
 * @since 0.1
 */
public final class CompliancePolicy {
  /**
   * The code of the {@link ConfigException} thrown for a policy that cannot be used: {@link
   * ConfigException#code()}. Each problem names its YAML path and, where the text has it, its line
   * and column: {@code rules[2].when.sensitivity[0] (line 9:25): not a known HL7 sensitivity code}.
   *
   * @since 0.2
   */
  public static final String POLICY_INVALID = "POLICY_INVALID";

  private static final String EXAMPLE =
      "/dev/switchboard/compliance/policy/example-hospital-policy.yaml";

  private final String source;
  private final String hash;
  private final int version;
  private final boolean escalate;
  private final List<String> ruleIds;
  private final boolean classifiesPhi;
  private final PolicyEvaluator evaluator;

  private CompliancePolicy(String source, String hash, PolicyParser.Parsed parsed) {
    this.source = source;
    this.hash = hash;
    this.version = parsed.version();
    this.escalate = parsed.escalate();
    this.ruleIds = parsed.ruleIds();
    this.classifiesPhi =
        parsed.escalate() || parsed.whenDataClasses().stream().anyMatch(DataClass::isPhi);
    this.evaluator = new PolicyEvaluator(parsed, hash);
  }

  /**
   * Loads and validates a policy file.
   *
   * @throws ConfigException listing every problem by path, or why the file cannot be read
   */
  public static CompliancePolicy load(Path file) {
    Checks.notNull(file, "file");
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > SettingsDocument.MAX_DOCUMENT_SIZE)
        throw new ConfigException(
            file.toString(),
            List.of(
                "(file): is "
                    + size
                    + " bytes; a Switchboard document may be at most "
                    + SettingsDocument.MAX_DOCUMENT_SIZE
                    + " bytes"),
            POLICY_INVALID);
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of("(file): does not exist"), POLICY_INVALID);
    } catch (IOException e) {
      throw new ConfigException(
          file.toString(),
          List.of("(file): cannot be read (" + e.getClass().getSimpleName() + ")"),
          POLICY_INVALID);
    }
    return parse(bytes, file.toString());
  }

  /**
   * Parses and validates policy YAML.
   *
   * @throws ConfigException listing every problem by path
   */
  public static CompliancePolicy parse(String yaml, String sourceName) {
    return parse(Checks.notNull(yaml, "yaml").getBytes(StandardCharsets.UTF_8), sourceName);
  }

  private static CompliancePolicy parse(byte[] bytes, String sourceName) {
    PolicyParser.Parsed parsed = PolicyParser.parse(new String(bytes, StandardCharsets.UTF_8));
    if (!parsed.problems().isEmpty())
      throw new ConfigException(sourceName, parsed.problems(), POLICY_INVALID);
    return new CompliancePolicy(sourceName, sha256(bytes), parsed);
  }

  /** The example hospital policy shipped with the SDK (the rules of the compliance design). */
  public static CompliancePolicy exampleHospitalPolicy() {
    try (InputStream in = CompliancePolicy.class.getResourceAsStream(EXAMPLE)) {
      if (in == null) throw new IllegalStateException("the example policy is missing from the jar");
      return parse(in.readAllBytes(), "classpath:" + EXAMPLE);
    } catch (IOException e) {
      throw new IllegalStateException("the example policy cannot be read", e);
    }
  }

  /**
   * Evaluates the policy for one call. Never throws for a refusal: see {@link
   * PolicyDecision#blocked()}.
   */
  public PolicyDecision evaluate(PolicyInput input) {
    return evaluator.evaluate(Checks.notNull(input, "input"));
  }

  /** Where the policy came from. */
  public String source() {
    return source;
  }

  /** SHA-256 of the policy file's bytes, 64 lowercase hex digits. */
  public String hash() {
    return hash;
  }

  /** The policy's declared version. */
  public int version() {
    return version;
  }

  /** True if detection may raise a request's tags ({@code defaults.detector.escalate}). */
  public boolean escalates() {
    return escalate;
  }

  /**
   * True if, by this policy's own terms, requests can be protected health information: its detector
   * raises a request in which it finds identifiers to PHI ({@code defaults.detector.escalate}, on
   * unless set to false), or a rule's {@code when} matches the data class {@code PHI} or {@code
   * LDS} (the policy expects such requests). A policy for which this is false neither raises nor
   * expects PHI. Telemetry refuses to capture prompt and answer text for a client under such a
   * policy.
   *
   * @since 0.3
   */
  public boolean classifiesPhi() {
    return classifiesPhi;
  }

  /** The rule ids in file order. */
  public List<String> ruleIds() {
    return ruleIds;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "CompliancePolicy["
        + source
        + ", version="
        + version
        + ", rules="
        + ruleIds.size()
        + ", sha256="
        + hash.substring(0, 12)
        + "...]";
  }
}
