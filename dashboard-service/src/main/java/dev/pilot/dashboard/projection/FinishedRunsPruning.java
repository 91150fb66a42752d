package dev.pilot.dashboard.projection;

import dev.pilot.dashboard.DashboardProperties;
import dev.pilot.dashboard.running.RunStatus;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps the read model's finished runs (and their approval tallies) to {@code
 * pilot.dashboard.finished-retention} (default 90 days after they finished, the recent-activity
 * view's horizon), looked for every {@code pilot.dashboard.finished-prune-every}: deleted in
 * batches of {@code pilot.dashboard.prune-batch} rows, each batch one short statement that skips
 * rows someone holds, so neither the consumers nor the readers wait on it. Active runs are never
 * pruned. The read model is a projection: the audit trail (step history, approval responses) is
 * kept by the execution and approval services, and a rebuild brings back what the topics still hold
 * (until the next pruning).
 */
@Component
public class FinishedRunsPruning implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(FinishedRunsPruning.class);

  private static final String PRUNE =
      """
      with doomed as (
        select execution_id from executions
         where status in (%s) and finished_at < now() - make_interval(secs => :seconds)
         order by finished_at limit :batch for update skip locked),
      gone as (
        delete from executions e using doomed d where e.execution_id = d.execution_id
        returning e.execution_id),
      tallies as (
        delete from approvals a using gone g where a.execution_id = g.execution_id)
      select count(*) from gone
      """
          .formatted(RunStatus.finishedSqlList());

  private final JdbcClient jdbc;
  private final Duration retention;
  private final Duration every;
  private final int batch;

  FinishedRunsPruning(JdbcClient jdbc, DashboardProperties properties) {
    this.jdbc = jdbc;
    this.retention = properties.finishedRetention();
    this.every = properties.finishedPruneEvery();
    this.batch = properties.pruneBatch();
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(new FixedDelayTask(this::prune, every, every));
  }

  /**
   * @return finished runs deleted
   */
  public long prune() {
    long total = 0;
    long deleted;
    do {
      deleted =
          jdbc.sql(PRUNE)
              .param("seconds", retention.toSeconds())
              .param("batch", batch)
              .query(Long.class)
              .single();
      total += deleted;
    } while (deleted == batch);
    if (total > 0) {
      log.info("Pruned {} finished runs older than {} from the read model", total, retention);
    }
    return total;
  }
}
