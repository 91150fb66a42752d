package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.dashboard.DashboardTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The change feed's ids commit in id order (what Last-Event-ID resume relies on) because every
 * append holds the feed lock from before it draws its first id until its transaction ends.
 */
class ChangeLogTest extends DashboardTest {

  /** No client of the shared context streams as this user, so nobody is sent these changes. */
  private static final String NOBODY = "change-log-test";

  @Autowired ChangeLog changes;
  @Autowired TransactionTemplate transactions;
  @Autowired DataSource dataSource;

  @Test
  void anAppendHoldsTheFeedLockUntilItsTransactionEnds() {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();

    boolean othersCouldLockMeanwhile =
        transactions.execute(
            tx -> {
              changes.append(
                  List.of(
                      new ChangeLog.Entry(first, "upsert", Set.of(NOBODY), Set.of(), "{}"),
                      new ChangeLog.Entry(second, "removed", Set.of(NOBODY), Set.of(), "{}")));
              return anotherTransactionGetsTheFeedLock();
            });

    assertThat(othersCouldLockMeanwhile).isFalse();
    assertThat(anotherTransactionGetsTheFeedLock()).isTrue();
    // Listed order is id order.
    assertThat(
            jdbc.sql("select execution_id from changes where execution_id in (:a, :b) order by id")
                .param("a", first)
                .param("b", second)
                .query(UUID.class)
                .list())
        .containsExactly(first, second);
  }

  @Test
  void anAppendWakesEachListenerOnceWithItsLastId() throws SQLException {
    try (Connection listening = dataSource.getConnection()) {
      execute(listening, "listen dashboard_changes");
      try {
        List<UUID> executions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        transactions.executeWithoutResult(
            tx ->
                changes.append(
                    executions.stream()
                        .map(
                            id -> new ChangeLog.Entry(id, "upsert", Set.of(NOBODY), Set.of(), "{}"))
                        .toList()));

        List<String> ids =
            jdbc.sql("select id::text from changes where execution_id in (:ids) order by id")
                .param("ids", executions)
                .query(String.class)
                .list();
        assertThat(ids).hasSize(3);
        assertThat(notifiedIds(listening)).filteredOn(ids::contains).containsExactly(ids.get(2));
      } finally {
        execute(listening, "unlisten *"); // the connection goes back to the pool
      }
    }
  }

  /**
   * The payloads of the notifications committed so far. A statement on the listening connection
   * makes its backend hand over every notification committed before it (other tests' appends may be
   * among them).
   */
  private static List<String> notifiedIds(Connection listening) throws SQLException {
    execute(listening, "select 1");
    PGNotification[] received = listening.unwrap(PGConnection.class).getNotifications();
    List<String> payloads = new ArrayList<>();
    for (PGNotification notification : received == null ? new PGNotification[0] : received) {
      payloads.add(notification.getParameter());
    }
    return payloads;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private boolean anotherTransactionGetsTheFeedLock() {
    try (Connection other = dataSource.getConnection();
        Statement statement = other.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select pg_try_advisory_xact_lock(" + ChangeLog.FEED_LOCK + ")")) {
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
