package dev.pilot.execution.agent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** The scheduler's statements on agents, which Spring Data JDBC cannot derive. */
interface ScheduledAgents extends Repository<Agent, UUID> {

  @Query(
      "select * from agents where next_fire_at <= :now order by next_fire_at limit :limit"
          + " for update skip locked")
  List<Agent> lockDue(Instant now, int limit);

  @Modifying
  @Query("update agents set next_fire_at = :next where id = :id")
  void scheduleNextFire(UUID id, Instant next);
}
