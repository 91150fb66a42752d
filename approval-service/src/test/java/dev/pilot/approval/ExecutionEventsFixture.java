package dev.pilot.approval;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.execution.ApprovalContext;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionCancelled;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionFailed;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.testsupport.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the execution service: publishes contract events as JSON to execution-events with a plain
 * Kafka producer, keyed by execution id.
 */
public final class ExecutionEventsFixture {

  private static final EventCodec CODEC = new EventCodec();
  private static final KafkaProducer<String, String> PRODUCER =
      new KafkaProducer<>(
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              Infrastructure.get().kafkaBootstrapServers(),
              ProducerConfig.ACKS_CONFIG,
              "all"),
          new StringSerializer(),
          new StringSerializer());

  private ExecutionEventsFixture() {}

  public static void publish(ExecutionEvent event) {
    publishJson(event.executionId(), CODEC.write(event));
  }

  public static void publishJson(UUID executionId, String json) {
    try {
      PRODUCER
          .send(new ProducerRecord<>(Topics.EXECUTION_EVENTS, executionId.toString(), json))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Could not publish to " + Topics.EXECUTION_EVENTS, e);
    }
  }

  /** An approval step of a fresh execution owned by alice, expiring in an hour. */
  public static ApprovalRequested approvalRequested(ApprovalType type, String... approvers) {
    return approvalExpiringAt(type, Instant.now().plus(Duration.ofHours(1)), approvers);
  }

  /**
   * A request of a new execution of alice's, who may approve it herself, due at {@code expiresAt}.
   */
  public static ApprovalRequested approvalExpiringAt(
      ApprovalType type, Instant expiresAt, String... approvers) {
    return approvalRequested(UUID.randomUUID(), type, "alice", false, expiresAt, approvers);
  }

  public static ApprovalRequested approvalRequested(
      UUID executionId,
      ApprovalType type,
      String owner,
      boolean preventSelfApproval,
      Instant expiresAt,
      String... approvers) {
    ApprovalContext context =
        new ApprovalContext(
            UUID.randomUUID(),
            "Invoice sender",
            "Sends the monthly invoices",
            ExecutionMode.MANUAL,
            Trigger.MANUAL,
            Instant.now().minusSeconds(5),
            List.of(
                new ApprovalContext.Step(
                    "draft", "Draft invoices", StepType.ACTION, StepStatus.COMPLETED),
                new ApprovalContext.Step(
                    "review", "Review invoices", StepType.APPROVAL, StepStatus.WAITING_APPROVAL),
                new ApprovalContext.Step(
                    "send", "Send invoices", StepType.ACTION, StepStatus.PENDING)));
    return new ApprovalRequested(
        UUID.randomUUID(),
        Instant.now(),
        executionId,
        3,
        UUID.randomUUID(),
        "review",
        "Review invoices",
        2,
        3,
        List.of(approvers),
        type,
        expiresAt,
        "Invoices above 10k need a second look",
        owner,
        preventSelfApproval,
        context);
  }

  /**
   * {@code requested} carrying a proposal, editable or not, and the schema amendments must meet.
   */
  public static ApprovalRequested withProposal(
      ApprovalRequested r, Object proposal, boolean editable, Object proposalSchema) {
    return ApprovalRequestedCopy.of(r).proposal(proposal, editable, proposalSchema).build();
  }

  /** The same approval announced again under a new event id (a replay by the producer). */
  public static ApprovalRequested replayOf(ApprovalRequested r) {
    return ApprovalRequestedCopy.of(r).eventId(UUID.randomUUID()).build();
  }

  public static ExecutionCancelled cancelled(UUID executionId) {
    return new ExecutionCancelled(
        UUID.randomUUID(), Instant.now(), executionId, 4, "alice", "review");
  }

  public static ExecutionFailed failed(UUID executionId) {
    return new ExecutionFailed(
        UUID.randomUUID(),
        Instant.now(),
        executionId,
        4,
        FailureReason.STEP_ERROR,
        "review",
        "Review invoices",
        "the agent crashed");
  }
}
