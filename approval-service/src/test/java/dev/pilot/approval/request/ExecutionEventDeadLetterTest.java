package dev.pilot.approval.request;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.approval.ExecutionEventsFixture;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.testsupport.TopicRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@ApprovalServiceTest
class ExecutionEventDeadLetterTest {

  private static final String DLQ = "execution-events.approval-service.dlq";

  @LocalServerPort int port;

  @Test
  void malformedExecutionEventsAreDeadLetteredWithTheReasonAndTheNextRequestStillOpens() {
    ApprovalRequested valid = approvalRequested(ApprovalType.ANY, "bob");
    ApprovalRequested nobody =
        approvalRequested(valid.executionId(), ApprovalType.ANY, "alice", false, valid.expiresAt());
    String key = valid.executionId().toString();

    try (TopicRecorder dlq = TopicRecorder.open(DLQ)) {
      ExecutionEventsFixture.publishJson(valid.executionId(), "{not json");
      publish(nobody);
      publish(valid);

      new Api(port).awaitOpen(valid);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> dlq.matching(r -> key.equals(r.key())).size() >= 2);
      List<ConsumerRecord<String, String>> dead = dlq.matching(r -> key.equals(r.key()));
      assertThat(dead)
          .extracting(ConsumerRecord::value)
          .contains("{not json")
          .anySatisfy(value -> assertThat(value).contains(nobody.approvalId().toString()));
      assertThat(dead)
          .allSatisfy(
              r -> {
                assertThat(header(r, "x-exception-message")).isNotBlank();
                assertThat(header(r, "x-original-topic")).isEqualTo("execution-events");
              });
    }
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
