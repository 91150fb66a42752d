package dev.pilot.execution.agent;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How long an agent's completed runs took on average: the dashboard estimates time remaining from
 * it. Reads the executions table directly (one grouped query) rather than asking the execution
 * feature, which depends on this one.
 */
@Component
class AgentStats {

  record Stats(long completedRuns, Long averageDurationMs) {
    static final Stats NONE = new Stats(0, null);
  }

  private final JdbcClient jdbc;

  AgentStats(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Map<UUID, Stats> of(Collection<UUID> agentIds) {
    Map<UUID, Stats> stats = new HashMap<>();
    if (agentIds.isEmpty()) {
      return stats;
    }
    jdbc.sql(
            """
            select agent_id, count(*) as runs,
                   avg(extract(epoch from finished_at - created_at) * 1000)::bigint as average_ms
            from workflow_executions
            where agent_id = any(?::uuid[]) and status = 'completed'
            group by agent_id""")
        .param(agentIds.stream().map(UUID::toString).toArray(String[]::new))
        .query(
            rs -> {
              stats.put(
                  rs.getObject("agent_id", UUID.class),
                  new Stats(rs.getLong("runs"), rs.getLong("average_ms")));
            });
    return stats;
  }

  Stats of(UUID agentId) {
    return of(java.util.List.of(agentId)).getOrDefault(agentId, Stats.NONE);
  }
}
