package dev.pilot.approval.request;

import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.approval.ExecutionEventsFixture;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.CloudEventHeaders;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.StepCompleted;
import dev.pilot.contracts.execution.StepStarted;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.testsupport.Infrastructure;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Prints how many execution events per second the execution-events consumer gets through, on the
 * mix the execution service publishes: per execution 19 step events (started, completed) and then
 * one approval request, with the CloudEvents headers of the outbox relay. The binding is stopped
 * while they are published, then started: timed from its start to the last approval open, with the
 * CPU the test JVM (service and embedded broker) spent meanwhile. Run with {@code
 * -Dgroups=benchmark -Dexcluded.groups=none}.
 */
@Tag("benchmark")
@ApprovalServiceTest
class ExecutionEventsBenchmark {

  static final int STEP_EVENTS_PER_EXECUTION = 19;

  final EventCodec codec = new EventCodec();
  static final String BINDING = "executionEvents-in-0";

  @Autowired JdbcClient jdbc;
  @Autowired BindingsLifecycleController bindings;

  @Test
  void executionEventsConsumedPerSecond() throws Exception {
    run("warm-up", 100);
    run("measured", 1_000);
    run("measured, larger", 3_000);
  }

  private void run(String label, int executions) throws Exception {
    List<UUID> ids = new ArrayList<>();
    List<ExecutionEvent> events = new ArrayList<>();
    for (int e = 0; e < executions; e++) {
      UUID executionId = UUID.randomUUID();
      ids.add(executionId);
      for (int s = 0; s < STEP_EVENTS_PER_EXECUTION; s++) {
        events.add(stepEvent(executionId, s));
      }
      events.add(
          ExecutionEventsFixture.approvalRequested(
              executionId,
              ApprovalType.ANY,
              "alice",
              false,
              Instant.now().plus(Duration.ofHours(1)),
              "bob"));
    }
    List<ProducerRecord<String, String>> records = new ArrayList<>(events.size());
    for (ExecutionEvent event : events) {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(
              Topics.EXECUTION_EVENTS, event.executionId().toString(), codec.write(event));
      CloudEventHeaders.of(event, "/execution-service")
          .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      records.add(record);
    }
    bindings.changeState(BINDING, BindingsLifecycleController.State.STOPPED);
    try (KafkaProducer<String, String> producer = producer()) {
      records.forEach(producer::send);
      producer.flush();
    }
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    bindings.changeState(BINDING, BindingsLifecycleController.State.STARTED);
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> openFor(ids) == executions);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    System.out.printf(
        "BENCH execution-events consumer, %s: %d events (%d approval requests) waiting on the"
            + " topic consumed in %.2f s = %.0f events/s, test JVM CPU %.2f s (%.0f us/event);"
            + " load average %s%n",
        label,
        events.size(),
        executions,
        seconds,
        events.size() / seconds,
        cpuSeconds,
        cpuSeconds * 1e6 / events.size(),
        Files.readString(Path.of("/proc/loadavg")).strip());
  }

  private long openFor(List<UUID> ids) {
    return jdbc.sql("select count(*) from approval_requests where execution_id = any(?)")
        .param(ids.toArray(UUID[]::new))
        .query(Long.class)
        .single();
  }

  private static ExecutionEvent stepEvent(UUID executionId, int index) {
    int step = index / 2 + 1;
    return index % 2 == 0
        ? new StepStarted(
            UUID.randomUUID(),
            Instant.now(),
            executionId,
            index + 1,
            "s" + step,
            "Step",
            step,
            11,
            1)
        : new StepCompleted(
            UUID.randomUUID(),
            Instant.now(),
            executionId,
            index + 1,
            "s" + step,
            "Step",
            step,
            11,
            List.of("s" + step));
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Infrastructure.get().kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new StringSerializer());
  }
}
