package dev.pilot.dashboard.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.SseClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunningExecutionsStreamTest extends DashboardTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static SseClient.Event awaitEvent(SseClient client, String name, Object executionId) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                client.events().stream()
                    .filter(e -> e.name().equals(name) && e.data().contains(executionId.toString()))
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }

  private static SseClient.Event awaitSnapshot(SseClient client) {
    return await()
        .atMost(WAIT)
        .until(() -> client.events().isEmpty() ? null : client.events().get(0), e -> e != null);
  }

  @Test
  void sendsASnapshotFirstThenUpsertsAndRemovals() {
    ExecutionScenario before = ExecutionScenario.scheduled("frank", "Already running");
    events.publish(before.started());
    await().atMost(WAIT).until(() -> jdbcHas(before));

    try (SseClient client = stream("frank")) {
      SseClient.Event snapshot = awaitSnapshot(client);
      assertThat(snapshot.name()).isEqualTo("snapshot");
      assertThat(snapshot.id()).isNotBlank();
      assertThat(snapshot.data()).contains(before.executionId.toString());
      assertThat(snapshot.json().path("total").asLong()).isPositive();
      assertThat(snapshot.json().path("limit").asInt()).isEqualTo(20);

      ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("frank");
      events.publish(run.started(), run.stepStarted(0));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  client
                      .matching(
                          e ->
                              e.name().equals("execution")
                                  && e.executionId().equals(run.executionId.toString())
                                  && "step-1".equals(e.json().path("current_step").asString()))
                      .size(),
              n -> n > 0);
      events.publish(run.cancelled());
      SseClient.Event removed = awaitEvent(client, "removed", run.executionId);
      assertThat(removed.json().path("status").asString()).isEqualTo("cancelled");
      assertThat(client.events()).allSatisfy(e -> assertThat(e.id()).isNotBlank());
      List<Long> ids = client.events().stream().map(e -> Long.parseLong(e.id())).toList();
      assertThat(ids).isSorted();
    }
  }

  @Test
  void aReconnectWithLastEventIdGetsWhatItMissedAndNoSnapshot() {
    String lastSeen;
    try (SseClient first = stream("grace")) {
      lastSeen = awaitSnapshot(first).id();
    }
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("grace");
    events.publish(run.started(), run.stepStarted(0), run.stepCompleted(0));
    await().atMost(WAIT).until(() -> completedSteps(run) == 1);

    try (SseClient resumed = stream("grace", lastSeen)) {
      // Events of one execution applied in one batch make one change (its latest state), so the
      // missed deltas are between one and three; the last one is where the run is now.
      await()
          .atMost(WAIT)
          .until(
              () -> {
                List<SseClient.Event> missed = resumed.eventsFor(run.executionId);
                return !missed.isEmpty()
                    && missed.get(missed.size() - 1).json().path("completed_steps").size() == 1;
              });
      assertThat(resumed.events()).noneMatch(e -> e.name().equals("snapshot"));
    }
  }

  @Test
  void aLastEventIdTheFeedNoLongerHoldsGetsAFreshSnapshot() {
    try (SseClient client = stream("grace", "999999999")) {
      assertThat(awaitSnapshot(client).name()).isEqualTo("snapshot");
    }
  }

  @Test
  void eachUserSeesOnlyWhatTheyOwnOrMustApprove() {
    try (SseClient heidi = stream("heidi");
        SseClient ivan = stream("ivan");
        SseClient judy = stream("judy")) {
      awaitSnapshot(heidi);
      awaitSnapshot(ivan);
      awaitSnapshot(judy);
      ExecutionScenario heidis = ExecutionScenario.fiveStepsWithApprovalAtThree("heidi");
      events.publish(heidis.started(), heidis.approvalRequested(2, ApprovalType.ANY, "ivan"));
      ExecutionScenario judys = ExecutionScenario.scheduled("judy", "Judy's own");
      events.publish(judys.started());

      awaitEvent(heidi, "execution", heidis.executionId);
      SseClient.Event forApprover = awaitEvent(ivan, "execution", heidis.executionId);
      assertThat(forApprover.json().path("has_pending_approval").asBoolean()).isTrue();
      awaitEvent(judy, "execution", judys.executionId);
      assertThat(judy.eventsFor(heidis.executionId)).isEmpty();
      assertThat(heidi.eventsFor(judys.executionId)).isEmpty();

      // Once approved, the approver no longer sees it; the owner still does.
      events.publish(
          heidis.responded("ivan", Decision.APPROVE),
          heidis.resolved(ApprovalOutcome.APPROVED, "step-3"));
      awaitEvent(ivan, "removed", heidis.executionId);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  heidi
                      .matching(
                          e ->
                              e.name().equals("execution")
                                  && e.executionId().equals(heidis.executionId.toString())
                                  && !e.json().path("has_pending_approval").asBoolean())
                      .size(),
              n -> n > 0);
    }
  }

  @Test
  void aHeartbeatCommentKeepsAnIdleStreamAlive() {
    try (SseClient client = stream("peggy")) {
      await().atMost(WAIT).until(() -> client.comments().contains("heartbeat"));
    }
  }

  @Test
  void aStalledClientDoesNotDelayALiveOne() throws Exception {
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(1024);
      stalled.connect(new java.net.InetSocketAddress("localhost", port));
      OutputStream out = stalled.getOutputStream();
      out.write(
          ("GET /api/running-executions/stream HTTP/1.1\r\nHost: localhost\r\nAccept:"
                  + " text/event-stream\r\nAuthorization: "
                  + basic("oscar")
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = stalled.getInputStream();
      assertThat(in.read()).isPositive(); // connected, then never read again

      try (SseClient live = stream("oscar")) {
        awaitSnapshot(live);
        ExecutionScenario last = null;
        for (int i = 0; i < 150; i++) {
          ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("oscar");
          events.publish(run.started(), run.stepStarted(0), run.stepCompleted(0));
          last = run;
        }
        ExecutionScenario finalRun = last;
        await()
            .atMost(WAIT)
            .until(
                () ->
                    live.matching(
                            e ->
                                e.executionId().equals(finalRun.executionId.toString())
                                    && e.json().path("completed_steps").size() == 1)
                        .size(),
                n -> n > 0);
      }
    }
  }

  @Test
  void onTheWireTheStreamIsWellFormedChunksOfWholeEventsAfterItsFirstWrite() throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/running-executions/stream HTTP/1.1\r\nHost: localhost\r\nAccept:"
                  + " text/event-stream\r\nAuthorization: "
                  + basic("peggy")
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readUntil(in, "\r\n\r\n");
      assertThat(head)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("transfer-encoding: chunked");
      assertThat(readChunk(in))
          .as("the first write: the snapshot")
          .startsWith("id:")
          .contains("event:snapshot");

      ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("peggy");
      events.publish(run.started(), run.stepStarted(0), run.stepCompleted(0));
      // Later writes go below the HTTP encoder: each must still be a well-formed chunk made of
      // whole events (or a heartbeat comment), until the run's card with its completed step.
      boolean completed = false;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!completed) {
        assertThat(System.nanoTime()).as("the run's card arrived in time").isLessThan(deadline);
        String chunk = readChunk(in);
        assertThat(chunk).endsWith("\n\n");
        for (String event : chunk.split("\n\n")) {
          assertThat(event)
              .matches("(?s)(:heartbeat|id:\\d+\nevent:(execution|removed)\ndata:\\{.*\\})");
          completed |=
              event.contains(run.executionId.toString())
                  && event.matches("(?s).*\"completed_steps\": ?\\[[^\\]]+\\].*");
        }
      }
    }
  }

  /** One HTTP/1.1 chunk's data, checking its framing: hex size line, that many bytes, CRLF. */
  private static String readChunk(InputStream in) throws java.io.IOException {
    String sizeLine = readUntil(in, "\r\n");
    int size = Integer.parseInt(sizeLine.strip(), 16);
    assertThat(size).as("a chunk of an endless stream is never the last").isPositive();
    byte[] data = in.readNBytes(size);
    assertThat(data).hasSize(size);
    assertThat(in.readNBytes(2)).containsExactly('\r', '\n');
    return new String(data, StandardCharsets.UTF_8);
  }

  private static String readUntil(InputStream in, String end) throws java.io.IOException {
    StringBuilder text = new StringBuilder();
    while (!text.toString().endsWith(end)) {
      int b = in.read();
      assertThat(b).as("the stream is still open").isNotNegative();
      text.append((char) b);
    }
    return text.toString();
  }

  private boolean jdbcHas(ExecutionScenario run) {
    return jdbc.sql("select count(*) from executions where execution_id = ? and status = 'running'")
            .param(run.executionId)
            .query(Long.class)
            .single()
        == 1;
  }

  private int completedSteps(ExecutionScenario run) {
    return jdbc.sql("select cardinality(completed_steps) from executions where execution_id = ?")
        .param(run.executionId)
        .query(Integer.class)
        .optional()
        .orElse(0);
  }
}
