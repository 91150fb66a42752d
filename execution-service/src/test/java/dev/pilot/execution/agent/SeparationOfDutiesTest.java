package dev.pilot.execution.agent;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.execution.Api;
import dev.pilot.execution.ServiceTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The owner of a run may not approve it unless the approval step opts in. */
class SeparationOfDutiesTest extends ServiceTest {

  @Test
  void anApprovalStepForbidsSelfApprovalUnlessItSaysOtherwise() {
    assertThat(preventsSelfApproval(approvalStep("a", "any", "alice", "bob"))).isTrue();
  }

  @Test
  void allowSelfApprovalOptsIn() {
    assertThat(
            preventsSelfApproval(
                with(approvalStep("a", "any", "alice"), "allow_self_approval", true)))
        .isFalse();
  }

  @Test
  void theOldFlagNameIsStillAccepted() {
    assertThat(
            preventsSelfApproval(
                with(approvalStep("a", "any", "alice"), "prevent_self_approval", false)))
        .isFalse();
    assertThat(
            preventsSelfApproval(
                with(approvalStep("a", "any", "alice"), "prevent_self_approval", true)))
        .isTrue();
  }

  @Test
  void contradictoryFlagsAreRefusedNamingTheField() {
    Map<String, Object> step =
        with(
            with(approvalStep("a", "any", "alice"), "allow_self_approval", true),
            "prevent_self_approval",
            true);

    Api.Response response = api.post("alice", "/api/agents", manualAgent("x", step));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().path("errors").get(0).path("field").asString())
        .isEqualTo("pilot_steps[0].approval.allow_self_approval");
  }

  private boolean preventsSelfApproval(Map<String, Object> step) {
    String id =
        api.post("alice", "/api/agents", manualAgent("sod", step)).body().path("id").asString();
    return api.get("alice", "/api/agents/" + id)
        .body()
        .path("pilot_steps")
        .get(0)
        .path("approval")
        .path("prevent_self_approval")
        .asBoolean();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> with(Map<String, Object> step, String key, Object value) {
    ((Map<String, Object>) step.get("approval")).put(key, value);
    return step;
  }
}
