package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** An audit trail held in memory; thread-safe. */
public final class InMemoryAuditTrail implements AuditTrail {
  private final Clock clock;
  private final List<AuditEntry> entries = new ArrayList<>();

  public InMemoryAuditTrail(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized AuditEntry append(AuditEvent event) {
    String prev =
        entries.isEmpty() ? AuditEntry.GENESIS_PREV : entries.get(entries.size() - 1).hash();
    AuditEntry e = Chain.link(event, entries.size(), prev, clock);
    entries.add(e);
    return e;
  }

  @Override
  public synchronized List<AuditEntry> entries() {
    return List.copyOf(entries);
  }

  @Override
  public ChainVerification verify(Checkpoint checkpoint) {
    Verifier v = new Verifier(checkpoint);
    long line = 0;
    for (AuditEntry e : entries())
      v.accept(++line, new Chain.Stored(e.record(), e.prevHash(), e.hash()));
    return v.result();
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "InMemoryAuditTrail[" + entries().size() + " records]";
  }
}
