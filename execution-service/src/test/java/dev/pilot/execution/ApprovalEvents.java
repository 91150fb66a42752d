package dev.pilot.execution;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.testsupport.Infrastructure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plays the approval service: publishes approval outcomes to the approval-events topic. */
public final class ApprovalEvents {

  private static KafkaProducer<String, String> producer;
  private static final EventCodec codec = new EventCodec();

  private ApprovalEvents() {}

  public static ApprovalResolved resolved(
      UUID executionId, UUID approvalId, String stepId, ApprovalOutcome outcome) {
    boolean approved = outcome == ApprovalOutcome.APPROVED;
    return new ApprovalResolved(
        UUID.randomUUID(),
        Instant.now(),
        executionId,
        2,
        approvalId,
        stepId,
        outcome,
        approved ? 1 : 0,
        outcome == ApprovalOutcome.REJECTED ? 1 : 0,
        1,
        List.of());
  }

  public static void publish(ApprovalResolved event) {
    publishRaw(event.executionId().toString(), codec.write(event));
  }

  public static synchronized void publishRaw(String key, String json) {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  Infrastructure.get().kafkaBootstrapServers()),
              new StringSerializer(),
              new StringSerializer());
    }
    try {
      producer.send(new ProducerRecord<>(Topics.APPROVAL_EVENTS, key, json)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
