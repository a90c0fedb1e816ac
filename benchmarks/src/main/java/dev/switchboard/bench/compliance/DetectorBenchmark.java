package dev.switchboard.bench.compliance;

import dev.switchboard.compliance.KnownPatient;
import dev.switchboard.compliance.detect.Detection;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.transform.PseudonymVault;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Detector throughput on clinical-style text. Throughput in MB/s = ops/s x size / 1e6 (size in
 * characters, ASCII text, so bytes): with size=65536, 300 ops/s is 19.7 MB/s.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DetectorBenchmark -f 1 -wi 3 -i 5 -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorBenchmark {
  @Param({"65536"})
  public int size;

  private String text;
  private final PhiDetector detector = PhiDetector.defaultDetector();
  private KnownPatient patient;
  private Detection detection;

  @Setup
  public void setUp() {
    text = ClinicalText.generate(size, 42).substring(0, size);
    patient =
        KnownPatient.builder()
            .name("Maria", "Gonzalez")
            .mrn("00482913")
            .dateOfBirth(LocalDate.of(1948, 3, 9))
            .build();
    detection = detector.detect(text);
  }

  /** The detector alone, no known patient. */
  @Benchmark
  public Detection detect() {
    return detector.detect(text);
  }

  /** The detector with a known patient to match. */
  @Benchmark
  public Detection detectWithKnownPatient() {
    return detector.detect(text, patient);
  }

  /** Pseudonymizing the found identifiers and restoring them (a fresh vault per call). */
  @Benchmark
  public String pseudonymizeAndRestore() {
    PseudonymVault vault = new PseudonymVault();
    return vault.restore(vault.pseudonymize(text, detection.findings()));
  }
}
