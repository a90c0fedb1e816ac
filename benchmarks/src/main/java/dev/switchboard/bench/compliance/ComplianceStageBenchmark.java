package dev.switchboard.bench.compliance;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.Baa;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.DeploymentType;
import dev.switchboard.compliance.ProviderKind;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.Requester;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compliance stage's overhead per call: the same chat call to an in-process provider that
 * answers at once, through a client without compliance, and through one with the example policy,
 * the default PHI detector and an audit trail that hashes and chains every record (kept in memory,
 * head only, so the measurement is the SDK's work and not the disk's).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ComplianceStageBenchmark
 * </pre>
 *
 * Scenarios: {@code none} (no compliance), {@code treat} (PHI for treatment: detect, evaluate,
 * audit two records, no transformation), {@code pseudonymize} (operations in the cloud: detect,
 * pseudonymize the prompt, restore the answer, audit), {@code treat-nodetector} (as treat with a
 * detector that finds nothing: the pipeline's own share, without detection), {@code treat-file} (as
 * treat, with the file audit trail under {@code sync: os}: the records prepared, linked and written
 * as a hospital's trail does, without an fsync; put {@code -Dbench.dir} on a RAM disk such as
 * {@code /dev/shm} to leave the disk out). Its file is new for every iteration (it grows by about
 * 100 MB a second), so its client is built for every iteration; building it is not measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ComplianceStageBenchmark {
  public static final String NOTE =
      "Discharge summary. Patient Jane Roe, MRN 00482913, DOB 03/14/1961, admitted 2024-02-11 "
          + "with community-acquired pneumonia. Seen by Dr. Alan Foster (NPI 1234567893). Vitals on discharge: BP 128/76, "
          + "HR 78, SpO2 96% on room air, temp 36.8 C. Labs: WBC 9.1, Hgb 12.9, creatinine 0.9 mg/dL, CRP down from 84 to 12. "
          + "Chest X-ray shows resolving right lower lobe infiltrate. Completed 5 days of ceftriaxone and azithromycin, "
          + "switched to oral amoxicillin-clavulanate 875 mg twice daily for 2 more days. Follow up with primary care in "
          + "one week; call 617-555-0142 or email jane.roe@example.org with questions. Return if fever, dyspnea or chest pain.";

  @Param({"none", "treat", "pseudonymize", "treat-nodetector", "treat-file"})
  public String scenario;

  private ModelClient client;
  private ChatRequest request;
  private Path auditDir;
  private AuditTrail fileTrail; // a trail handed to the builder is the caller's to close

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    request =
        ChatRequest.builder()
            .model("notes")
            .system("Summarize for the receiving clinician.")
            .user(NOTE)
            .compliance(
                ComplianceTags.builder()
                    .dataClass(DataClass.PHI)
                    .purposeOfUse(
                        scenario.equals("pseudonymize") ? PurposeOfUse.HOPERAT : PurposeOfUse.TREAT)
                    .requester(Requester.of("u-1", "attending", "bench"))
                    .build())
            .build();
    if (!fileScenario()) client = client();
  }

  /** Under treat-file, a new client on a new file for every iteration: the file grows fast. */
  @Setup(Level.Iteration)
  public void newFile() throws IOException {
    if (fileScenario()) client = client();
  }

  private boolean fileScenario() {
    return scenario.equals("treat-file");
  }

  private ModelClient client() throws IOException {
    // Answers at once by echoing the note, so that the benchmark measures the pipeline alone.
    ScriptedProvider cloud =
        new ScriptedProvider("zone-us")
            .recordRequests(false)
            .always(
                r ->
                    ScriptedReply.answer(
                            "Summary: " + ScriptedProvider.lastUserText((ChatRequest) r),
                            Usage.of(300, 120))
                        .withRequestId("r"));
    ModelClientBuilder b =
        ModelClient.builder()
            .provider(cloud)
            .route("notes", Route.failover(Target.of("zone-us", "m")));
    if (!scenario.equals("none")) {
      Compliance.Builder compliance =
          Compliance.builder()
              .profile(
                  "zone-us",
                  ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
                      .deployment(DeploymentType.DATAZONE_US)
                      .baa(Baa.of("BAA", LocalDate.of(2099, 1, 1)))
                      .humanReview(false)
                      .build())
              .policy(CompliancePolicy.exampleHospitalPolicy())
              .auditTrail(auditTrail())
              .auditKey(
                  AuditKey.of(
                      "bench",
                      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
      if (scenario.equals("treat-nodetector")) compliance.detector(new NullDetector());
      b.with(compliance.build());
    }
    return b.build();
  }

  private AuditTrail auditTrail() throws IOException {
    if (!fileScenario()) return new HeadOnlyTrail();
    Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
    auditDir = Files.createTempDirectory(base, "compliance-stage-bench");
    fileTrail = AuditTrail.file(auditDir.resolve("audit.jsonl"), AuditTrail.Sync.OS);
    return fileTrail;
  }

  @TearDown(Level.Iteration)
  public void deleteFile() throws IOException {
    if (!fileScenario()) return;
    client.close();
    fileTrail.close();
    try (var files = Files.list(auditDir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(auditDir);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (!fileScenario()) client.close();
  }

  @Benchmark
  public ChatResponse chat() {
    return client.chat(request);
  }
}
