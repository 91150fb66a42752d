package dev.pilot.execution.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.StepType;
import dev.pilot.execution.ServiceTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Agents saved and loaded whole on real PostgreSQL: every field round-trips (steps, input schema
 * and default inputs each as one jsonb document, the mode by its API name), and the scheduler's
 * claim and next tick.
 */
class AgentsTest extends ServiceTest {

  // Far beyond any tick the running scheduler would fire.
  static final Instant FAR = Instant.parse("3000-01-01T00:00:00Z");
  static final Instant CREATED = Instant.now().truncatedTo(ChronoUnit.MICROS);

  @Autowired Agents agents;
  @Autowired TransactionTemplate transactions;

  static final Map<String, Object> SCHEMA =
      Map.of(
          "type",
          "object",
          "required",
          List.of("city"),
          "properties",
          Map.of(
              "city", Map.of("type", "string", "maxLength", 40),
              "days", Map.of("type", "integer", "minimum", 1)));

  static final Map<String, Object> INPUTS =
      Map.of("city", "Zürich", "days", 3, "verbose", true, "tags", List.of("a", "b"));

  static Agent agent(String owner, Instant createdAt, Instant nextFireAt) {
    List<PilotStep> steps =
        List.of(
            new PilotStep(
                "fetch",
                "Fetch",
                StepType.ACTION,
                new PilotStep.Action("http", Map.of("url", "http://localhost/x", "retries", 2)),
                new PilotStep.Retry(3, "PT2S"),
                null),
            new PilotStep(
                "ok",
                "OK?",
                StepType.APPROVAL,
                null,
                null,
                new PilotStep.Approval(
                    List.of("bob", "carol"), ApprovalType.MAJORITY, "PT1H", "why", true)));
    return new Agent(
        UUID.randomUUID(),
        owner,
        "agent of " + owner,
        "described",
        nextFireAt == null ? ExecutionMode.MANUAL : ExecutionMode.SCHEDULED,
        nextFireAt == null ? null : "0 0 * * * *",
        "Europe/Zurich",
        steps,
        nextFireAt,
        createdAt,
        createdAt,
        SCHEMA,
        INPUTS);
  }

  @Test
  void anAgentIsStoredAndReadBackWhole() {
    Agent scheduled = agent("owner-" + UUID.randomUUID(), CREATED, FAR);
    Agent manual = agent("owner-" + UUID.randomUUID(), CREATED, null);

    transactions.executeWithoutResult(
        tx -> {
          agents.insert(scheduled);
          agents.insert(manual);
        });

    assertThat(agents.find(scheduled.id())).contains(scheduled);
    assertThat(agents.find(manual.id())).contains(manual);
    Agent read = agents.find(scheduled.id()).orElseThrow();
    assertThat(read.inputSchema()).isEqualTo(SCHEMA);
    assertThat(read.defaultInputs()).isEqualTo(INPUTS);
    assertThat(read.pilotSteps()).isEqualTo(scheduled.pilotSteps());
    // One agent is read by hand, a list by Spring Data JDBC: both read the same agent.
    assertThat(agents.ownedBy(scheduled.owner())).containsExactly(read);
  }

  @Test
  void anAgentWithoutAnInputSchemaKeepsItAbsent() {
    Agent plain =
        new Agent(
            UUID.randomUUID(),
            "owner-" + UUID.randomUUID(),
            "plain",
            null,
            ExecutionMode.MANUAL,
            null,
            "UTC",
            List.of(),
            null,
            CREATED,
            CREATED);
    Agent bare =
        new Agent(
            UUID.randomUUID(),
            plain.owner(),
            "bare",
            null,
            ExecutionMode.MANUAL,
            null,
            "UTC",
            List.of(),
            null,
            CREATED,
            CREATED,
            null,
            null);

    transactions.executeWithoutResult(
        tx -> {
          agents.insert(plain);
          agents.insert(bare);
        });

    Agent readPlain = agents.find(plain.id()).orElseThrow();
    assertThat(readPlain.inputSchema()).isNull();
    assertThat(readPlain.defaultInputs()).isEmpty();
    Agent readBare = agents.find(bare.id()).orElseThrow();
    assertThat(readBare.inputSchema()).isNull();
    assertThat(readBare.defaultInputs()).isNull();
  }

  @Test
  void anUpdateReplacesTheWholeAgentAndADeleteRemovesIt() {
    Agent original = agent("owner-" + UUID.randomUUID(), CREATED, null);
    transactions.executeWithoutResult(tx -> agents.insert(original));
    Agent changed =
        new Agent(
            original.id(),
            original.owner(),
            "renamed",
            null,
            ExecutionMode.SCHEDULED,
            "0 */5 * * * *",
            "UTC",
            original.pilotSteps().subList(0, 1),
            FAR,
            original.createdAt(),
            CREATED.plusSeconds(60),
            null,
            Map.of("city", "Bern"));

    transactions.executeWithoutResult(tx -> agents.update(changed));
    assertThat(agents.find(original.id())).contains(changed);
    assertThat(agents.find(original.id()).orElseThrow().inputSchema()).isNull();
    assertThat(agents.find(original.id()).orElseThrow().defaultInputs())
        .isEqualTo(Map.of("city", "Bern"));

    transactions.executeWithoutResult(tx -> agents.delete(original.id()));
    assertThat(agents.find(original.id())).isEmpty();
  }

  @Test
  void anOwnersAgentsAreListedNewestFirstAndOnlyTheirs() {
    String owner = "owner-" + UUID.randomUUID();
    Agent older = agent(owner, CREATED, null);
    Agent newer = agent(owner, CREATED.plusSeconds(1), null);
    Agent someoneElses = agent("owner-" + UUID.randomUUID(), CREATED, null);
    transactions.executeWithoutResult(
        tx -> List.of(older, newer, someoneElses).forEach(agents::insert));

    assertThat(agents.ownedBy(owner)).containsExactly(newer, older);
  }

  @Test
  void aDueAgentIsClaimedAndItsNextTickStored() {
    Agent due = agent("owner-" + UUID.randomUUID(), CREATED, FAR);
    transactions.executeWithoutResult(tx -> agents.insert(due));

    List<Agent> claimed =
        transactions.execute(
            tx -> {
              List<Agent> locked =
                  agents.lockDue(FAR, 1000).stream().filter(a -> a.id().equals(due.id())).toList();
              agents.scheduleNextFire(due.id(), FAR.plusSeconds(3600));
              return locked;
            });

    assertThat(claimed).containsExactly(due);
    assertThat(agents.find(due.id()).orElseThrow().nextFireAt()).isEqualTo(FAR.plusSeconds(3600));
    assertThat(agents.lockDue(FAR, 1000)).noneMatch(a -> a.id().equals(due.id()));
  }
}
