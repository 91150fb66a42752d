package dev.pilot.approval.request;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code sequence} of approval-events, strictly increasing per execution. Taking the next value
 * locks the execution's counter row until the transaction ends, so events of one execution are
 * appended to the outbox in sequence order.
 */
@Component
class ExecutionSequences {

  private final JdbcClient jdbc;

  ExecutionSequences(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long next(UUID executionId) {
    return jdbc.sql(
            """
            insert into execution_sequences (execution_id, last_sequence) values (?, 1)
            on conflict (execution_id)
            do update set last_sequence = execution_sequences.last_sequence + 1
            returning last_sequence""")
        .param(executionId)
        .query(Long.class)
        .single();
  }
}
