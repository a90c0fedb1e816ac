package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cost.CostRecord;
import dev.switchboard.usage.Cost;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JDBC ledger's policy for a batch of the group commit ({@link JdbcCostLedger#flush}): all
 * written, or on a data error each record again alone, or the batch's failure for each. The insert
 * is a stand-in that fails on the records named {@code bad*}, as the database would.
 */
class LedgerBatchTest {
  /** Records each insert's call ids; throws {@code failure} for a batch holding a bad record. */
  private static final class Insert implements JdbcCostLedger.Insert {
    final List<List<String>> inserts = new ArrayList<>();
    final Exception failure;

    Insert(Exception failure) {
      this.failure = failure;
    }

    @Override
    public void insert(List<JdbcCostLedger.Append> batch) throws SQLException {
      List<String> ids = batch.stream().map(a -> a.record.callId()).toList();
      inserts.add(ids);
      if (failure != null && ids.stream().anyMatch(id -> id.startsWith("bad"))) {
        if (failure instanceof SQLException e) throw e;
        throw (RuntimeException) failure;
      }
    }
  }

  private static List<JdbcCostLedger.Append> batch(String... callIds) {
    List<JdbcCostLedger.Append> batch = new ArrayList<>();
    for (String id : callIds) {
      batch.add(
          new JdbcCostLedger.Append(
              CostRecord.builder()
                  .callId(id)
                  .logicalModel("summary")
                  .provider("foundry-us")
                  .model("gpt-4.1")
                  .cost(Cost.zero("USD"))
                  .build()));
    }
    return batch;
  }

  /** Per record: "written", or the SQLState of its failure ("none" if it has none). */
  private static List<String> outcomes(List<JdbcCostLedger.Append> batch) {
    return batch.stream()
        .map(
            a -> {
              if (a.written) return a.failure == null ? "written" : "written and failed";
              if (a.failure == null) return "no outcome";
              return a.failure.getSQLState() == null ? "none" : a.failure.getSQLState();
            })
        .toList();
  }

  @Test
  void aBatchIsWrittenInOneInsert() {
    Insert insert = new Insert(null);
    List<JdbcCostLedger.Append> batch = batch("a", "b", "c");

    JdbcCostLedger.flush(batch, insert);

    assertThat(insert.inserts).containsExactly(List.of("a", "b", "c"));
    assertThat(outcomes(batch)).containsOnly("written");
  }

  @Test
  void aBadRecordFailsOnlyItsOwnCaller() {
    Insert insert = new Insert(new SQLException("rejected", "22001")); // value too long
    List<JdbcCostLedger.Append> batch = batch("a", "bad", "c");

    JdbcCostLedger.flush(batch, insert);

    assertThat(outcomes(batch)).containsExactly("written", "22001", "written");
    // the batch of three failed as a whole, then each was written alone
    assertThat(insert.inserts)
        .containsExactly(List.of("a", "bad", "c"), List.of("a"), List.of("bad"), List.of("c"));
  }

  @Test
  void anIntegrityFailureIsADataErrorToo() {
    Insert insert = new Insert(new SQLException("rejected", "23502")); // not null
    List<JdbcCostLedger.Append> batch = batch("bad", "b");

    JdbcCostLedger.flush(batch, insert);

    assertThat(outcomes(batch)).containsExactly("23502", "written");
    assertThat(insert.inserts).hasSize(3);
  }

  @Test
  void aConnectionFailureFailsTheWholeBatchWithoutRetryingEachRecord() {
    Insert insert = new Insert(new SQLException("gone", "08006")); // connection failure
    List<JdbcCostLedger.Append> batch = batch("a", "bad", "c");

    JdbcCostLedger.flush(batch, insert);

    assertThat(outcomes(batch)).containsOnly("08006");
    assertThat(insert.inserts).hasSize(1);
  }

  @Test
  void aLoneBadRecordIsNotWrittenTwice() {
    Insert insert = new Insert(new SQLException("rejected", "22001"));
    List<JdbcCostLedger.Append> batch = batch("bad");

    JdbcCostLedger.flush(batch, insert);

    assertThat(outcomes(batch)).containsExactly("22001");
    assertThat(insert.inserts).hasSize(1);
  }

  @Test
  void aRuntimeExceptionFailsTheBatchAsAnSqlFailure() {
    Insert insert = new Insert(new IllegalStateException("driver bug"));
    List<JdbcCostLedger.Append> batch = batch("a", "bad");

    JdbcCostLedger.flush(batch, insert);

    assertThat(outcomes(batch)).containsOnly("none");
    assertThat(batch.get(0).failure.getCause()).isInstanceOf(IllegalStateException.class);
    assertThat(insert.inserts).hasSize(1);
  }
}
