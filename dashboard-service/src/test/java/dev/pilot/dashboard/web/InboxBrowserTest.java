package dev.pilot.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.dashboard.ApiAnswers;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.FakeBackends;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The approver's inbox in headless Chromium: keyboard answers, "next", live arrivals, refusals. */
class InboxBrowserTest extends BrowserTest {

  private static final Map<String, Object> PAYMENTS =
      Map.of("payments", List.of(Map.of("to", "ACME", "amount", 12000)));

  private void openInbox(String user) {
    browser.driver.get("http://" + user + ":demo@localhost:" + port + "/api/me");
    browser.driver.get("http://localhost:" + port + "/inbox");
    browser.waiting().until(d -> d.findElement(By.id("connection")).getText().equals("Live"));
  }

  private By item(UUID approvalId) {
    return By.cssSelector("li.inbox-item[data-approval-id='" + approvalId + "']");
  }

  private String selected() {
    return browser.driver.findElements(By.cssSelector("li.inbox-item.selected")).stream()
        .map(e -> e.getAttribute("data-approval-id"))
        .findFirst()
        .orElse(null);
  }

  private void press(String key) {
    new Actions(browser.driver).sendKeys(key).perform();
  }

  private ExecutionScenario requested(Duration ago, Object proposal, String... approvers) {
    ExecutionScenario run =
        ExecutionScenario.fiveStepsWithApprovalAtThree("alice").clockAt(Instant.now().minus(ago));
    events.publish(
        run.started(), run.approvalRequested(2, ApprovalType.ANY, proposal, false, approvers));
    return run;
  }

  /** What approval-service answers for the run's approval, here at proposal revision 2. */
  private ObjectNode served(ExecutionScenario run, Object proposal) {
    ObjectNode approval = ApiAnswers.approval(run);
    if (proposal != null) {
      approval.set("proposal", JsonMapper.shared().valueToTree(proposal));
      approval.put("revision", 2);
    }
    backends.serve("/api/approvals/" + run.approvalId(), approval);
    return approval;
  }

  @Test
  void approvingByKeyboardAnswersTheOldestAndMovesOnToTheNext() {
    // Requested almost a day ago: it times out (after a day) in a minute and a half, so the page
    // shows "1m …s left" however long it takes to open (two minutes showed "2m 0s" when fast).
    ExecutionScenario older = requested(Duration.ofDays(1).minusSeconds(90), PAYMENTS, "uma");
    ExecutionScenario newer = requested(Duration.ofHours(1), null, "uma", "bob");
    ObjectNode approval = served(older, PAYMENTS);
    served(newer, null);
    backends.onPost(
        "/api/approvals/" + older.approvalId() + "/responses",
        (user, body) -> {
          events.publish(
              older.responded(user, Decision.APPROVE),
              older.resolved(ApprovalOutcome.APPROVED, "step-3"));
          return approval.deepCopy().put("status", "approved");
        });

    openInbox("uma");
    browser.waiting().until(d -> d.findElements(By.cssSelector("li.inbox-item")).size() == 2);
    List<WebElement> items = browser.driver.findElements(By.cssSelector("li.inbox-item"));
    assertThat(items.get(0).getAttribute("data-approval-id"))
        .as("oldest request first")
        .isEqualTo(older.approvalId().toString());
    assertThat(items.get(0).getText())
        .contains("Invoice triage", "Manager sign-off", "0 of 1 approved", "ACME", "1m ", "s left");
    assertThat(selected()).isEqualTo(older.approvalId().toString());
    // The selected approval's current proposal, from approval-service, is what an answer approves.
    browser
        .waiting()
        .until(d -> d.findElement(By.id("detail-proposal")).getText().contains("revision 2"));
    assertThat(browser.driver.findElement(By.id("shortcuts")).getText())
        .contains("a approve", "r reject");
    // The countdown is live: the time left changes as the page stays open.
    String before = browser.driver.findElement(item(older.approvalId())).getText();
    browser.waiting().until(d -> !d.findElement(item(older.approvalId())).getText().equals(before));
    browser.screenshot("inbox-1-two-pending");

    press("a");

    browser
        .waiting()
        .until(d -> d.findElement(By.id("inbox-result")).getText().startsWith("Approved"));
    browser.waiting().until(d -> newer.approvalId().toString().equals(selected()));
    browser.waiting().until(d -> d.findElements(item(older.approvalId())).isEmpty());
    FakeBackends.Received answer =
        backends.received().stream()
            .filter(r -> r.path().equals("/api/approvals/" + older.approvalId() + "/responses"))
            .findFirst()
            .orElseThrow();
    assertThat(answer.body()).contains("\"decision\":\"approve\"", "\"revision\":2");
    assertThat(answer.authorization()).isEqualTo(basic("uma"));
    browser.screenshot("inbox-2-moved-on");
  }

  /**
   * The browser's Notification API replaced, before any page script runs, by a recorder: headless
   * Chromium shows no notifications. It counts permission requests and keeps what was shown.
   */
  private static final String RECORDING_NOTIFICATIONS =
      """
      window.__notifications = [];
      window.__permissionRequests = 0;
      class RecordingNotification {
        constructor(title, options) {
          this.title = title;
          this.body = (options || {}).body;
          window.__notifications.push(this);
        }
        static requestPermission() {
          window.__permissionRequests++;
          RecordingNotification.permission = 'granted';
          return Promise.resolve('granted');
        }
      }
      RecordingNotification.permission = 'default';
      window.Notification = RecordingNotification;
      """;

  @Test
  void desktopNotificationsAreAskedForOnlyOnAClickAndOpenTheInbox() {
    ((org.openqa.selenium.chrome.ChromeDriver) browser.driver)
        .executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORDING_NOTIFICATIONS));
    browser.driver.get("http://zoe:demo@localhost:" + port + "/api/me");
    browser.driver.get("http://localhost:" + port + "/");
    browser.waiting().until(d -> d.findElement(By.id("connection")).getText().equals("Live"));
    org.openqa.selenium.JavascriptExecutor js =
        (org.openqa.selenium.JavascriptExecutor) browser.driver;
    assertThat(js.executeScript("return window.__permissionRequests")).isEqualTo(0L);

    browser.driver.findElement(By.id("notify-toggle")).click();
    browser
        .waiting()
        .until(d -> d.findElement(By.id("notify-toggle")).getText().contains("Notifications on"));
    assertThat(js.executeScript("return window.__permissionRequests")).isEqualTo(1L);

    ExecutionScenario run = requested(Duration.ZERO, null, "zoe");
    browser
        .waiting()
        .until(d -> ((Long) js.executeScript("return window.__notifications.length")) == 1L);
    assertThat((String) js.executeScript("return window.__notifications[0].body"))
        .contains("Invoice triage", "Manager sign-off");
    browser.waiting().until(d -> d.findElement(By.id("inbox-badge")).getText().equals("1"));

    js.executeScript("window.__notifications[0].onclick()");
    browser.waiting().until(urlMatches("/inbox$"));
    browser.waiting().until(d -> d.findElement(item(run.approvalId())));
  }

  @Test
  void aNewApprovalArrivesLiveAndARefusedAnswerSaysWhy() {
    browser.driver.get("http://xavier:demo@localhost:" + port + "/api/me");
    browser.driver.get("http://localhost:" + port + "/");
    browser.driver.findElement(By.id("inbox-link")).click();
    browser.waiting().until(urlMatches("/inbox$"));
    browser.waiting().until(d -> d.findElement(By.id("connection")).getText().equals("Live"));
    browser
        .waiting()
        .until(d -> d.findElement(By.id("inbox-empty")).getText().contains("Nothing waits"));

    ExecutionScenario run = requested(Duration.ZERO, null, "xavier", "bob");
    served(run, null);
    backends.onPost(
        "/api/approvals/" + run.approvalId() + "/responses",
        (user, body) -> {
          throw new FakeBackends.Refusal(409, "The approval was already resolved");
        });

    WebElement arrived = browser.waiting().until(d -> d.findElement(item(run.approvalId())));
    assertThat(arrived.getAttribute("class")).contains("selected");
    browser.screenshot("inbox-3-arrived-live");

    press("r");

    browser
        .waiting()
        .until(
            d ->
                d.findElement(By.id("inbox-result"))
                    .getText()
                    .contains("This approval changed before your answer arrived"));
    assertThat(browser.driver.findElement(By.id("inbox-result")).getText())
        .contains("already resolved");
    assertThat(
            backends.received().stream()
                .filter(r -> r.path().equals("/api/approvals/" + run.approvalId() + "/responses")))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).contains("\"decision\":\"reject\""));
    browser.screenshot("inbox-4-refused");
  }
}
