package dev.pilot.systemtests;

import static dev.pilot.systemtests.AgentFixtures.agentOwnerMayApprove;
import static dev.pilot.systemtests.SeedScenariosTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import dev.pilot.testsupport.browser.Browser;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The seed's approval scenarios on the real system, as a person in a browser lives them. */
class BrowserScenariosTest {

  final PilotSystem system = PilotSystem.get();
  final PilotApi alice = system.api("alice");
  Browser browser;

  @BeforeEach
  void signIn() {
    browser = Browser.start();
    int port = system.dashboard().getPort();
    browser.driver.get("http://alice:demo@localhost:" + port + "/api/me");
    browser.driver.get("http://localhost:" + port + "/");
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void approvingFromTheOrangeCardLetsTheRunFinishAndListsItInRecentActivity() {
    UUID run = runUntilApprovalNeeded("e2e-approved");

    decide("e2e-approved", "approve");

    browser.waiting().until(invisibilityOfElementLocated(card(run)));
    WebElement done = awaitActivity(run);
    assertThat(done.getText()).contains("completed");
    browser.screenshot("e2e-approved-4-recent-activity");
  }

  @Test
  void rejectingFromTheOrangeCardFailsTheRunAndShowsWhy() {
    UUID run = runUntilApprovalNeeded("e2e-rejected");

    decide("e2e-rejected", "reject");

    browser.waiting().until(invisibilityOfElementLocated(card(run)));
    WebElement failed = awaitActivity(run);
    assertThat(failed.getText()).contains("failed").contains("rejected");
    browser.screenshot("e2e-rejected-4-recent-activity");
  }

  private UUID runUntilApprovalNeeded(String name) {
    UUID agent = id(alice.createAgent(agentOwnerMayApprove("any", "PT1H", "alice")), "id");
    UUID run = alice.start(agent);
    WebElement pending =
        browser
            .waiting()
            .until(
                d ->
                    d.findElements(card(run)).stream()
                        .filter(e -> e.getText().contains("Approval Needed"))
                        .findFirst()
                        .orElse(null));
    assertThat(pending.getText()).contains("Step 3 of 5");
    browser.screenshot(name + "-1-approval-needed");
    pending.click();
    return run;
  }

  private void decide(String name, String button) {
    browser.waiting().until(urlMatches("/approvals/[0-9a-f-]+$"));
    browser.waiting().until(d -> d.findElement(By.id(button)));
    assertThat(browser.driver.findElements(By.cssSelector("#pilot-steps li"))).hasSize(5);
    browser.driver.findElement(By.id("comment")).sendKeys("Looked at it in the browser");
    browser.screenshot(name + "-2-approval-page");
    browser.driver.findElement(By.id(button)).click();
    browser.waiting().until(urlMatches(":" + system.dashboard().getPort() + "/$"));
    browser.screenshot(name + "-3-back-on-dashboard");
  }

  private WebElement awaitActivity(UUID run) {
    return browser
        .waiting()
        .until(
            d ->
                d
                    .findElements(
                        By.cssSelector("#activity-list li[data-execution-id='" + run + "']"))
                    .stream()
                    .findFirst()
                    .orElse(null));
  }

  private static By card(UUID run) {
    return By.cssSelector("li.execution[data-execution-id='" + run + "']");
  }
}
