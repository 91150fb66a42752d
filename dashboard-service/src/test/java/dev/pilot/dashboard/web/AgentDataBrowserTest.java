package dev.pilot.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.dashboard.ApiAnswers;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.FakeBackends;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Agent data in Chromium: a proposal shown first and amended with its difference visible; step
 * outputs collapsible and pretty-printed. Data containing markup is shown as text, never run.
 */
class AgentDataBrowserTest extends BrowserTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String MARKUP = "<img src=x onerror=\"document.title='owned'\">";

  private void signIn(String user) {
    browser.driver.get("http://" + user + ":demo@localhost:" + port + "/api/me");
  }

  @Test
  void anApproverSeesTheProposalFirstAndApprovesItWithChangesSeeingTheDifference() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    run.approvalRequested(2, ApprovalType.ANY, "alice", "bob", "carol");
    String path = "/api/approvals/" + run.approvalId();
    ObjectNode approval = ApiAnswers.approval(run);
    approval.set(
        "proposal",
        JSON.readTree(
            """
            {"payments": [{"invoice": "INV-1", "supplier": "Acme", "amount": 1200.5},
                          {"invoice": "INV-2", "supplier": "%s", "amount": 80}],
             "total": 1280.5}"""
                .formatted(MARKUP.replace("\"", "\\\""))));
    approval.put("editable", true);
    approval.put("revision", 1);
    backends.serve(path, approval);
    backends.onPost(path + "/responses", (user, body) -> approval.deepCopy().put("revision", 2));

    signIn("bob");
    browser.driver.get("http://localhost:" + port + "/approvals/" + run.approvalId());
    WebElement proposal = browser.waiting().until(d -> d.findElement(By.id("proposal")));

    assertThat(browser.driver.findElement(By.id("proposal-revision")).getText())
        .isEqualTo("revision 1");
    assertThat(proposal.getText())
        .contains("\"invoice\": \"INV-2\"", "Acme", "<img src=x onerror=");
    assertThat(proposal.findElements(By.tagName("img"))).as("markup stays text").isEmpty();
    assertThat(proposalComesBeforeTheReason()).isTrue();
    browser.screenshot("agent-data-1-proposal");

    browser.driver.findElement(By.id("approve-with-changes")).click();
    WebElement editor = browser.waiting().until(d -> d.findElement(By.id("proposal-editor")));
    ((JavascriptExecutor) browser.driver)
        .executeScript(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
            editor,
            """
            {
              "payments": [
                {
                  "invoice": "INV-1",
                  "supplier": "Acme",
                  "amount": 1200.5
                }
              ],
              "total": 1200.5
            }""");
    browser.driver.findElement(By.id("comment")).sendKeys("INV-2 is disputed");

    browser
        .waiting()
        .until(d -> !d.findElements(By.cssSelector("#proposal-diff .diff-line.removed")).isEmpty());
    assertThat(browser.driver.findElements(By.cssSelector("#proposal-diff .diff-line.removed")))
        .extracting(WebElement::getText)
        .anyMatch(line -> line.contains("INV-2"))
        .anyMatch(line -> line.contains("1280.5"));
    assertThat(browser.driver.findElements(By.cssSelector("#proposal-diff .diff-line.added")))
        .extracting(WebElement::getText)
        .anyMatch(line -> line.contains("1200.5"));
    browser.screenshot("agent-data-2-amendment-with-diff");

    browser.driver.findElement(By.id("submit-changes")).click();
    browser
        .waiting()
        .until(
            d -> d.findElement(By.id("decision-result")).getText().contains("with your changes"));
    FakeBackends.Received answer =
        backends.received().stream()
            .filter(r -> r.path().equals(path + "/responses"))
            .reduce((a, b) -> b)
            .orElseThrow();
    JsonNode sent = JSON.readTree(answer.body());
    assertThat(sent.path("decision").asString()).isEqualTo("approve");
    assertThat(sent.path("revision").asInt()).isEqualTo(1);
    assertThat(sent.path("comment").asString()).isEqualTo("INV-2 is disputed");
    assertThat(sent.path("proposal").path("payments").size()).isEqualTo(1);
    assertThat(sent.path("proposal").path("total").asDouble()).isEqualTo(1200.5);
  }

  @Test
  void aFlatProposalReadsAsATableAndCanBeApprovedAsIs() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    run.approvalRequested(2, ApprovalType.ANY, "alice", "bob", "carol");
    String path = "/api/approvals/" + run.approvalId();
    ObjectNode approval = ApiAnswers.approval(run);
    approval.set("proposal", JSON.readTree("{\"supplier\": \"Acme\", \"amount\": 1200.5}"));
    approval.put("revision", 3);
    backends.serve(path, approval);
    backends.onPost(path + "/responses", (user, body) -> approval.deepCopy());

    signIn("bob");
    browser.driver.get("http://localhost:" + port + "/approvals/" + run.approvalId());
    WebElement table =
        browser.waiting().until(d -> d.findElement(By.cssSelector("#proposal table")));

    assertThat(table.findElements(By.tagName("tr")))
        .extracting(WebElement::getText)
        .containsExactly("supplier Acme", "amount 1200.5");
    assertThat(browser.driver.findElements(By.id("approve-with-changes")))
        .as("not editable")
        .isEmpty();
    browser.driver.findElement(By.id("approve")).click();
    browser
        .waiting()
        .until(d -> d.findElement(By.id("decision-result")).getText().contains("Approved"));
    JsonNode sent =
        JSON.readTree(
            backends.received().stream()
                .filter(r -> r.path().equals(path + "/responses"))
                .reduce((a, b) -> b)
                .orElseThrow()
                .body());
    assertThat(sent.path("revision").asInt()).isEqualTo(3);
    assertThat(sent.has("proposal")).isFalse();
  }

  @Test
  void theExecutionPageShowsEachStepsOutputCollapsedAndPrettyPrinted() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("dave");
    events.publish(run.started(), run.stepStarted(0));
    ObjectNode execution = ApiAnswers.execution(run);
    ((ObjectNode) execution.path("steps").get(0))
        .set(
            "output",
            JSON.readTree(
                "{\"status\": 200, \"headers\": {\"content-type\": \"application/json\"},"
                    + " \"body\": {\"note\": \""
                    + MARKUP.replace("\"", "\\\"")
                    + "\"}}"));
    backends.serve("/api/executions/" + run.executionId, execution);

    signIn("dave");
    browser.driver.get("http://localhost:" + port + "/executions/" + run.executionId);
    browser.waiting().until(urlMatches("/executions/" + run.executionId + "$"));
    // The page re-renders whenever the stream reports the run: find elements inside the waits.
    By details = By.cssSelector("#timeline details.output");
    browser.waiting().until(d -> d.findElement(details));

    assertThat(browser.driver.findElements(By.cssSelector("#timeline details.output[open]")))
        .as("collapsed at first")
        .isEmpty();
    assertThat(browser.driver.findElements(details))
        .as("only steps with an output have one")
        .hasSize(1);
    browser
        .waiting()
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              d.findElement(By.cssSelector("#timeline details.output summary")).click();
              return true;
            });
    String shown =
        browser
            .waiting()
            .ignoring(StaleElementReferenceException.class)
            .until(
                d -> {
                  WebElement pre =
                      d.findElement(By.cssSelector("#timeline details.output[open] pre"));
                  return pre.isDisplayed() ? pre.getText() : null;
                });
    assertThat(shown).contains("\"status\": 200", "  \"body\": {", "<img src=x onerror=");
    assertThat(browser.driver.findElements(By.cssSelector("#timeline img"))).isEmpty();
    assertThat(browser.driver.getTitle()).isNotEqualTo("owned");
    browser.screenshot("agent-data-3-output");
  }

  private boolean proposalComesBeforeTheReason() {
    return (Boolean)
        ((JavascriptExecutor) browser.driver)
            .executeScript(
                "return !!(document.getElementById('proposal-section').compareDocumentPosition("
                    + "document.getElementById('approval-reason')) & Node.DOCUMENT_POSITION_FOLLOWING);");
  }
}
