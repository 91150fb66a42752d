package dev.pilot.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.FailureReason;
import dev.pilot.dashboard.ApiAnswers;
import dev.pilot.dashboard.ExecutionScenario;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.node.ObjectNode;

/** The seed's future enhancements in the browser: timeline, pause, bulk, filter, reconnect. */
class DashboardFeaturesBrowserTest extends BrowserTest {

  private void signIn(String user, int port) {
    browser.driver.get("http://" + user + ":demo@localhost:" + port + "/api/me");
    browser.driver.get("http://localhost:" + port + "/");
  }

  private By card(Object executionId) {
    return By.cssSelector("li.execution[data-execution-id='" + executionId + "']");
  }

  private By activityRow(Object executionId) {
    return By.cssSelector("#activity-list li[data-execution-id='" + executionId + "']");
  }

  @Test
  void theExecutionPageShowsTheStepTimelineAndPausesTheRun() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("dave");
    events.publish(run.started(), run.stepStarted(0));
    ObjectNode execution = ApiAnswers.execution(run);
    backends.serve("/api/executions/" + run.executionId, execution);
    backends.onPost(
        "/api/executions/" + run.executionId + "/pause",
        (user, body) -> {
          events.publish(run.paused("step-2"));
          return execution.deepCopy().put("status", "paused");
        });

    signIn("dave", port);
    browser.waiting().until(d -> d.findElement(card(run.executionId)));
    browser.driver.findElement(card(run.executionId)).click();
    browser.waiting().until(urlMatches("/executions/" + run.executionId + "$"));
    List<WebElement> timeline =
        browser
            .waiting()
            .until(
                d ->
                    d.findElements(By.cssSelector("#timeline li")).size() == 3
                        ? d.findElements(By.cssSelector("#timeline li"))
                        : null);
    assertThat(timeline.get(0).getText())
        .contains("Action 1", "completed", "2 attempts", "HTTP 503");
    assertThat(timeline.get(2).getText()).contains("Manager sign-off", "pending");
    browser.screenshot("execution-1-timeline");

    browser.driver.findElement(By.cssSelector("[data-command='pause']")).click();
    browser
        .waiting()
        .until(d -> d.findElement(By.id("command-result")).getText().contains("pause requested"));
    assertThat(backends.received())
        .anyMatch(
            r ->
                r.method().equals("POST")
                    && r.path().equals("/api/executions/" + run.executionId + "/pause")
                    && basic("dave").equals(r.authorization()));
  }

  @Test
  void bulkApprovalAnswersEverySelectedApprovalAndTheFilterNarrowsTheList() {
    ExecutionScenario first = ExecutionScenario.fiveStepsWithApprovalAtThree("erin");
    ExecutionScenario second = ExecutionScenario.scheduled("erin", "Nightly export");
    events.publish(first.started(), first.approvalRequested(2, ApprovalType.ANY, "mallory"));
    events.publish(second.started(), second.approvalRequested(1, ApprovalType.ANY, "mallory"));
    ObjectNode[] bulkBody = new ObjectNode[1];
    backends.onPost(
        "/api/approvals/bulk-responses",
        (user, body) -> {
          bulkBody[0] = (ObjectNode) body;
          return ApiAnswers.allAnswered(body);
        });

    signIn("mallory", port);
    browser
        .waiting()
        .until(d -> d.findElements(By.cssSelector("input.select-approval")).size() >= 2);
    WebElement scheduled = browser.waiting().until(d -> d.findElement(card(second.executionId)));
    assertThat(scheduled.getText()).contains("Scheduled", "Approval Needed");

    browser.driver.findElement(By.id("filter-text")).sendKeys("Nightly");
    browser.waiting().until(d -> d.findElements(card(first.executionId)).isEmpty());
    assertThat(browser.driver.findElements(card(second.executionId))).hasSize(1);
    browser.screenshot("features-1-filtered");
    browser.driver.findElement(By.id("filter-text")).clear();
    browser.driver.findElement(By.id("filter-text")).sendKeys(" ");
    browser.waiting().until(d -> !d.findElements(card(first.executionId)).isEmpty());

    browser.driver.findElement(By.id("select-all")).click();
    browser.driver.findElement(By.id("bulk-comment")).sendKeys("Both fine");
    browser.driver.findElement(By.id("bulk-approve")).click();
    browser
        .waiting()
        .until(d -> d.findElement(By.id("bulk-result")).getText().contains("approved"));
    assertThat(bulkBody[0].path("decision").asString()).isEqualTo("approve");
    assertThat(bulkBody[0].path("comment").asString()).isEqualTo("Both fine");
    assertThat(bulkBody[0].path("approval_ids").toString())
        .contains(first.approvalId().toString(), second.approvalId().toString());
    browser.screenshot("features-2-bulk-approved");
  }

  @Test
  void aBulkAnswerSaysWhichApprovalsWereRefusedAndWhy() {
    ExecutionScenario first = ExecutionScenario.fiveStepsWithApprovalAtThree("erin");
    ExecutionScenario second = ExecutionScenario.fiveStepsWithApprovalAtThree("erin");
    events.publish(first.started(), first.approvalRequested(2, ApprovalType.ANY, "trent"));
    events.publish(second.started(), second.approvalRequested(2, ApprovalType.ANY, "trent"));
    // As approval-service answers when one of the two was answered by someone else meanwhile.
    backends.onPost(
        "/api/approvals/bulk-responses",
        (user, body) -> ApiAnswers.bulk(body, List.of("answered", "conflict")));

    signIn("trent", port);
    browser
        .waiting()
        .until(d -> d.findElements(By.cssSelector("input.select-approval")).size() >= 2);
    browser.driver.findElement(By.id("select-all")).click();
    browser.driver.findElement(By.id("bulk-approve")).click();

    String result =
        browser
            .waiting()
            .until(
                d -> {
                  String text = d.findElement(By.id("bulk-result")).getText();
                  return text.equals("Sending…") || text.isEmpty() ? null : text;
                });
    assertThat(result)
        .startsWith("1 approved, 1 not answered")
        .contains("You already answered this approval");
    browser.screenshot("features-2b-bulk-partly-refused");
  }

  @Test
  void aCardUpdatedWhileItIsClickedOpensTheApprovalItWasAimedAt() throws Exception {
    String[] others = {"o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"};
    String[] approvers = new String[others.length + 1];
    approvers[0] = "ivan";
    System.arraycopy(others, 0, approvers, 1, others.length);
    ExecutionScenario scheduled = ExecutionScenario.scheduled("ivan", "Minute digest");
    events.publish(scheduled.started(), scheduled.stepStarted(0));
    List<ExecutionScenario> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("olga");
      events.publish(run.started(), run.approvalRequested(2, ApprovalType.MAJORITY, approvers));
      waiting.add(run);
    }
    ExecutionScenario aimed = waiting.get(1);
    backends.serve("/api/approvals/" + aimed.approvalId(), ApiAnswers.approval(aimed));

    signIn("ivan", port);
    browser
        .waiting()
        .until(d -> d.findElements(By.cssSelector("li.execution.pending")).size() == 3);
    WebElement card = browser.driver.findElement(card(aimed.executionId));
    new Actions(browser.driver).moveToElement(card).perform(); // aiming

    // The aimed card changes (answers of others) while the scheduled agent keeps running and
    // starts again; the card stays the element that was aimed at.
    for (int i = 0; i < 3; i++) {
      events.publish(aimed.responded(others[i], Decision.APPROVE));
      int answered = i + 1;
      browser
          .waiting()
          .until(
              d ->
                  d.findElement(card(aimed.executionId))
                      .getText()
                      .contains(answered + " of 9 approved"));
    }
    ExecutorService background = Executors.newSingleThreadExecutor();
    Future<?> busy =
        background.submit(
            () -> {
              ExecutionScenario next = scheduled;
              for (int round = 0; round < 4 && !Thread.currentThread().isInterrupted(); round++) {
                events.publish(
                    next.stepCompleted(0),
                    next.stepStarted(1),
                    next.stepCompleted(1),
                    next.stepStarted(2),
                    next.stepCompleted(2),
                    next.completed());
                next = next.again();
                events.publish(next.started(), next.stepStarted(0));
                events.publish(aimed.responded(others[3 + round], Decision.REJECT));
              }
            });
    try {
      card.click();
      browser.waiting().until(urlMatches("/approvals/" + aimed.approvalId() + "$"));
    } finally {
      busy.cancel(true);
      background.shutdownNow();
    }
    browser.waiting().until(d -> d.findElement(By.id("approval-agent")));
    browser.screenshot("features-2c-aimed-approval-opened");
  }

  @Test
  void aRecentActivityRowStaysTheSameElementWhenMoreRunsFinish() {
    signIn("zoe", port);
    browser
        .waiting()
        .until(d -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
    ExecutionScenario first = ExecutionScenario.scheduled("zoe", "Morning report");
    events.publish(first.started(), first.stepStarted(0), first.completed());
    WebElement firstRow =
        browser.waiting().until(d -> d.findElement(activityRow(first.executionId)));
    assertThat(firstRow.getText()).contains("Morning report", "completed");

    // Finished later, so listed above the first: the list changes around the row held.
    ExecutionScenario second =
        ExecutionScenario.fiveStepsWithApprovalAtThree("zoe").clockAt(Instant.now());
    events.publish(
        second.started(),
        second.stepStarted(0),
        second.failed(FailureReason.STEP_ERROR, 0, "HTTP 500 from the ledger"));
    WebElement secondRow =
        browser.waiting().until(d -> d.findElement(activityRow(second.executionId)));
    assertThat(secondRow.getText()).contains("failed", "step error", "HTTP 500 from the ledger");
    List<String> order =
        browser.driver.findElements(By.cssSelector("#activity-list li")).stream()
            .map(row -> row.getAttribute("data-execution-id"))
            .toList();
    assertThat(order.indexOf(second.executionId.toString()))
        .isLessThan(order.indexOf(first.executionId.toString()));
    // The element found before is still the first run's row, not a copy the update rebuilt (a
    // replaced element is stale: reading it throws).
    assertThat(browser.driver.findElement(activityRow(first.executionId))).isEqualTo(firstRow);
    assertThat(firstRow.getText()).contains("Morning report", "completed");
    browser.screenshot("features-2d-recent-activity");
  }

  @Test
  void anOptedInApproverGetsADesktopNotificationWhenAnApprovalArrives() {
    signIn("judy", port);
    browser.waiting().until(d -> d.findElement(By.id("connection")).getText().equals("Live"));
    // Headless Chromium shows no notifications: record them through a stand-in for the API.
    ((org.openqa.selenium.JavascriptExecutor) browser.driver)
        .executeScript(
            "window.shown = [];"
                + "window.Notification = class { constructor(title, options) {"
                + " window.shown.push(title + ': ' + options.body); }"
                + " static get permission() { return 'granted'; }"
                + " static requestPermission() { return Promise.resolve('granted'); } };");
    browser.driver.findElement(By.id("notify-toggle")).click();
    browser
        .waiting()
        .until(d -> d.findElement(By.id("notify-toggle")).getText().contains("Notifications on"));

    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("grace");
    events.publish(run.started(), run.approvalRequested(2, ApprovalType.ANY, "judy"));

    Object shown =
        browser
            .waiting()
            .until(
                d -> {
                  Object list =
                      ((org.openqa.selenium.JavascriptExecutor) d)
                          .executeScript("return window.shown.join('|')");
                  return list != null && list.toString().contains("Approval needed") ? list : null;
                });
    assertThat(shown.toString()).contains("Invoice triage: Manager sign-off");
  }

  @Test
  void aDroppedConnectionKeepsTheLastDataAndReconnects() throws Exception {
    int port = freePort();
    ExecutionScenario run = ExecutionScenario.scheduled("heidi", "Survives restarts");
    events.publish(run.started());
    ConfigurableApplicationContext instance = startSecondInstance(port);
    try {
      signIn("heidi", port);
      browser.waiting().until(d -> d.findElement(card(run.executionId)));
      browser
          .waiting()
          .until(d -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));

      instance.close();
      browser
          .waiting()
          .until(
              d -> "offline".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
      assertThat(browser.driver.findElement(By.id("connection")).getText()).contains("last data");
      assertThat(browser.driver.findElements(card(run.executionId))).hasSize(1);
      browser.screenshot("features-3-offline-keeps-data");

      instance = startSecondInstance(port);
      events.publish(run.stepCompleted(0));
      browser
          .waiting()
          .until(d -> d.findElement(card(run.executionId)).getText().contains("Step 2 of 3"));
      assertThat(browser.driver.findElement(By.id("connection")).getText()).isEqualTo("Live");
      browser.screenshot("features-4-reconnected");
    } finally {
      instance.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
