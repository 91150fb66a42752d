package dev.pilot.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.FailureReason;
import dev.pilot.dashboard.ApiAnswers;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.FakeBackends;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.node.ObjectNode;

/** The seed's two approval scenarios, end to end in headless Chromium. */
class ApprovalScenariosBrowserTest extends BrowserTest {

  private String url(String user, String path) {
    return "http://" + user + ":demo@localhost:" + port + path;
  }

  private By card(UUID executionId) {
    return By.cssSelector("li.execution[data-execution-id='" + executionId + "']");
  }

  private WebElement awaitCard(UUID executionId, String text) {
    // A card is re-rendered on every update it receives: read it only inside the wait.
    return browser
        .waiting()
        .until(
            d ->
                d.findElements(card(executionId)).stream()
                    .filter(e -> e.getText().contains(text))
                    .findFirst()
                    .orElse(null));
  }

  /** Steps 1 and 2 of both scenarios: running at step 2 of 5, then orange "Approval Needed". */
  private ExecutionScenario runUntilApprovalNeeded(String name) {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(run.started(), run.stepStarted(0), run.stepCompleted(0), run.stepStarted(1));
    browser.driver.get(url("alice", "/api/me"));
    browser.driver.get("http://localhost:" + port + "/");
    awaitCard(run.executionId, "Step 2 of 5 · 20%");
    assertThat(browser.driver.findElement(By.id("connection")).getText()).isEqualTo("Live");
    browser.screenshot(name + "-1-running");

    events.publish(
        run.stepCompleted(1), run.approvalRequested(2, ApprovalType.ANY, "alice", "bob"));
    WebElement pending = awaitCard(run.executionId, "Approval Needed");
    assertThat(pending.getAttribute("class")).contains("pending");
    assertThat(pending.findElement(By.cssSelector(".progress-fill")).getAttribute("class"))
        .contains("orange");
    assertThat(pending.findElements(By.cssSelector(".icon-hand"))).isNotEmpty();
    browser.screenshot(name + "-2-approval-needed");
    return run;
  }

  private void serveApproval(ExecutionScenario run, ApprovalOutcome outcome) {
    String path = "/api/approvals/" + run.approvalId();
    ObjectNode approval = ApiAnswers.approval(run);
    backends.serve(path, approval);
    backends.onPost(
        path + "/responses",
        (user, body) -> {
          Decision decision =
              "approve".equals(body.path("decision").asString())
                  ? Decision.APPROVE
                  : Decision.REJECT;
          events.publish(run.responded(user, decision), run.resolved(outcome, "step-3"));
          return approval.deepCopy().put("status", outcome.name().toLowerCase());
        });
  }

  private void decideOnApprovalPage(ExecutionScenario run, String name, String button) {
    browser.driver.findElement(card(run.executionId)).click();
    browser.waiting().until(urlMatches("/approvals/" + run.approvalId() + "$"));
    browser.waiting().until(d -> d.findElement(By.id(button)));
    assertThat(browser.driver.findElement(By.id("approval-agent")).getText())
        .isEqualTo("Invoice triage");
    assertThat(browser.driver.findElement(By.id("approval-reason")).getText())
        .contains("Spend above 10k");
    assertThat(browser.driver.findElements(By.cssSelector("#pilot-steps li"))).hasSize(5);
    assertThat(browser.driver.findElement(By.id("approvers")).getText()).contains("alice", "bob");
    browser.driver.findElement(By.id("comment")).sendKeys("Checked the invoice");
    browser.screenshot(name + "-3-approval-page");
    browser.driver.findElement(By.id(button)).click();
    browser
        .waiting()
        .until(d -> d.findElement(By.id("decision-result")).getText().contains("returning"));
    browser.waiting().until(urlMatches(":" + port + "/$"));
    FakeBackends.Received answer =
        backends.received().stream()
            .filter(r -> r.path().equals("/api/approvals/" + run.approvalId() + "/responses"))
            .findFirst()
            .orElseThrow();
    assertThat(answer.body()).contains("Checked the invoice");
    assertThat(answer.authorization()).isEqualTo(basic("alice"));
  }

  @Test
  void approvedExecutionContinuesOnTheDashboardThenMovesToRecentActivity() {
    ExecutionScenario run = runUntilApprovalNeeded("approved");
    serveApproval(run, ApprovalOutcome.APPROVED);

    decideOnApprovalPage(run, "approved", "approve");

    events.publish(run.stepCompleted(2), run.stepStarted(3));
    // Running again at step 4: no "Approval Needed" any more, the spinning running icon back.
    browser
        .waiting()
        .until(
            d -> {
              WebElement card = d.findElement(card(run.executionId));
              String text = card.getText();
              return text.contains("Step 4 of 5 · 60%")
                  && !text.contains("Approval Needed")
                  && !card.findElements(By.cssSelector(".icon-loader")).isEmpty();
            });
    browser.screenshot("approved-4-continuing");

    events.publish(run.stepCompleted(3), run.stepCompleted(4), run.completed());
    browser.waiting().until(invisibilityOfElementLocated(card(run.executionId)));
    browser
        .waiting()
        .until(
            d ->
                d.findElement(
                        By.cssSelector(
                            "#activity-list li[data-execution-id='" + run.executionId + "']"))
                    .getText()
                    .contains("completed"));
    browser.screenshot("approved-5-recent-activity");
  }

  @Test
  void rejectedExecutionDisappearsFromTheDashboard() {
    ExecutionScenario run = runUntilApprovalNeeded("rejected");
    serveApproval(run, ApprovalOutcome.REJECTED);

    decideOnApprovalPage(run, "rejected", "reject");

    events.publish(run.failed(FailureReason.REJECTED, 2, null));
    browser.waiting().until(invisibilityOfElementLocated(card(run.executionId)));
    WebElement failed =
        browser
            .waiting()
            .until(
                d ->
                    d.findElement(
                        By.cssSelector(
                            "#activity-list li[data-execution-id='" + run.executionId + "']")));
    assertThat(failed.getText()).contains("failed").contains("rejected");
    browser.screenshot("rejected-4-card-gone");
  }
}
