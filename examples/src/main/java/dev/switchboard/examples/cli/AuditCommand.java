package dev.switchboard.examples.cli;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditFileFollower;
import dev.switchboard.compliance.audit.AuditSettings;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import dev.switchboard.compliance.audit.FhirAuditExport;
import dev.switchboard.compliance.engine.Compliance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard audit verify|export|tail}: check the audit chain, export it as FHIR, or print
 * a file trail's records as they are appended.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Verify, export or follow the audit trail.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.Tail.class})
final class AuditCommand {

  /** Where the trail is: --file, --jdbc, or the audit section of --config. */
  static final class Source {
    @Option(names = "--file", paramLabel = "FILE", description = "A JSON-lines audit file.")
    Path file;

    @Option(
        names = {"--jdbc-url", "--jdbc"},
        paramLabel = "URL",
        description =
            "A JDBC URL of the audit database (PostgreSQL); --jdbc is a deprecated spelling.")
    String jdbc;
  }

  /** Options shared by the subcommands. */
  static final class Common {
    @ArgGroup(exclusive = true)
    Source source;

    @Mixin ConfigOption config;

    @Mixin DatabaseOptions database;

    @Option(
        names = "--table",
        paramLabel = "NAME",
        defaultValue = "switchboard_audit",
        description = "Audit table (with --jdbc-url; default: ${DEFAULT-VALUE}).")
    String table;

    /** The trail's settings from the options or the config. */
    AuditSettings settings() {
      if (source != null && source.file != null)
        return new AuditSettings(
            "file",
            UsageError.existingFile("--file", source.file),
            AuditTrail.Sync.OS,
            null,
            null,
            null,
            null);
      if (source != null && source.jdbc != null) {
        return AuditSettings.jdbc(database.settings(source.jdbc), table);
      }
      if (config.file == null)
        throw new IllegalArgumentException(
            "give --file, --jdbc-url or --config with an audit section");
      return Compliance.from(config.load())
          .flatMap(c -> c.auditSettings())
          .orElseThrow(() -> new IllegalArgumentException("the config has no audit section"));
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Walk the hash chain and name the first broken link. Exit 0 if intact, 6 if broken.")
  static final class Verify implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--checkpoint",
        paramLabel = "SEQ:HASH",
        description = "A head kept elsewhere; catches records cut from the end.")
    String checkpoint;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      AuditSettings s = common.settings();
      Checkpoint cp = checkpoint == null ? null : Checkpoint.parse(checkpoint);
      ChainVerification v;
      if (s.type().equals("file")) {
        v = AuditVerifier.verifyFile(s.path(), cp);
      } else {
        try (AuditTrail trail = s.open()) {
          v = trail.verify(cp);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      String where = s.type().equals("file") ? s.path().toString() : s.table();
      if (json) {
        Map<String, Object> doc = Json.document();
        doc.put("source", where);
        doc.put("intact", v.intact());
        doc.put("records", v.records());
        doc.put("headSeq", v.headSeq());
        doc.put("headHash", v.headHash());
        doc.put(
            "broken",
            v.firstBreak()
                .map(
                    b -> {
                      Map<String, Object> m = new LinkedHashMap<>();
                      m.put("kind", b.kind().name());
                      m.put("seq", b.position());
                      m.put("line", b.line());
                      m.put("detail", b.detail());
                      return m;
                    })
                .orElse(null));
        out.println(Json.write(doc));
      } else {
        out.println(where + ": " + v.describe());
      }
      return v.intact() ? ExitCodes.OK : ExitCodes.CHAIN_BROKEN;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Export the audit records as FHIR R4 AuditEvents.")
  static final class Export implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--fhir",
        required = true,
        description = "FHIR R4 AuditEvent resources (a Bundle, or NDJSON).")
    boolean fhir;

    @Option(names = "--ndjson", description = "One AuditEvent per line instead of a Bundle.")
    boolean ndjson;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write to a file instead of stdout.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      AuditSettings s = common.settings();
      if (s.type().equals("file") && !Files.exists(s.path())) {
        throw new IllegalArgumentException("the audit file " + s.path() + " does not exist");
      }
      String text;
      try (AuditTrail trail =
          s.type().equals("file") ? AuditTrail.file(s.path(), false) : s.open()) {
        text =
            ndjson
                ? FhirAuditExport.ndjson(trail.entries())
                : FhirAuditExport.bundle(trail.entries());
      }
      if (out != null) Files.writeString(out, text, StandardCharsets.UTF_8);
      else spec.commandLine().getOut().println(text.strip());
      return 0;
    }
  }

  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description = {
        "Print a file trail's records, one JSON line each, byte for byte, up to where they end:"
            + " never the zeros a trail with audit.preallocate keeps after them, never a line"
            + " still being written. With --follow, go on printing records as they are appended,"
            + " for a SIEM or log pipeline.",
        "On stopping (the end, or --limit), stderr names the byte to resume from with --from."
      })
  static final class Tail implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = {"-f", "--follow"},
        description = "Keep printing records as they are appended, until stopped.")
    boolean follow;

    @Option(
        names = "--from",
        paramLabel = "BYTE",
        defaultValue = "0",
        description = "Start at this byte: 0, or where an earlier tail stopped.")
    long from;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N records read.")
    Long limit;

    @Option(
        names = "--fhir",
        description =
            "Print each decision and outcome record as a FHIR R4 AuditEvent, one per line"
                + " (NDJSON), instead of the stored line.")
    boolean fhir;

    @Option(
        names = "--interval",
        paramLabel = "MILLIS",
        defaultValue = "200",
        description =
            "With --follow, how long to wait when no record is new (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      if (from < 0) throw UsageError.of("--from", from, "must be 0 or more");
      if (limit != null && limit < 1) throw UsageError.of("--limit", limit, "must be 1 or more");
      if (intervalMillis < 1 || intervalMillis > 60_000)
        throw UsageError.of("--interval", intervalMillis, "must be 1 to 60000 milliseconds");
      AuditSettings s = common.settings();
      if (!s.type().equals("file"))
        throw new IllegalArgumentException(
            "audit tail reads a file trail; this trail is "
                + s.type()
                + " (read its table, ordered by seq, instead)");
      PrintWriter out = spec.commandLine().getOut();
      long printed = 0;
      long position;
      try (AuditFileFollower follower = AuditFileFollower.open(s.path(), from)) {
        while (limit == null || printed < limit) {
          long left = limit == null ? Integer.MAX_VALUE : limit - printed;
          List<String> records = follower.poll((int) Math.min(left, Integer.MAX_VALUE));
          print(out, records);
          printed += records.size();
          out.flush();
          if (records.isEmpty()) {
            if (!follow) break;
            Thread.sleep(intervalMillis);
          }
        }
        position = follower.position();
      }
      spec.commandLine()
          .getErr()
          .println(
              "read up to byte "
                  + position
                  + " of "
                  + s.path()
                  + "; resume with --from "
                  + position);
      return ExitCodes.OK;
    }

    /** The records as stored, or with --fhir their decision and outcome events as FHIR NDJSON. */
    private void print(PrintWriter out, List<String> records) {
      if (!fhir) {
        for (String record : records) out.print(record + '\n'); // as stored, on every platform
        return;
      }
      List<AuditEntry> entries = new ArrayList<>(records.size());
      for (String record : records) entries.add(AuditFileFollower.entry(record));
      out.print(FhirAuditExport.ndjson(entries));
    }
  }
}
