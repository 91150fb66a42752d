package dev.pilot.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoAgentTest {

  @Test
  void seedsAManualAgentWithApprovalAScheduledOneAndAMajorityApproval() {
    List<DemoAgent> agents = DemoAgent.all();

    assertThat(agents)
        .extracting(DemoAgent::name)
        .containsExactly(
            "Invoice review", "Minute digest", "Production deploy", "Release sign-off");
    assertThat(agents.get(0).json())
        .contains("\"mode\": \"manual\"", "\"approvers\": [\"bob\"]", "\"approval_type\": \"any\"");
    assertThat(agents.get(1).json())
        .contains("\"mode\": \"scheduled\"", "\"schedule\": \"* * * * *\"")
        .doesNotContain("\"approval\"");
    assertThat(agents.get(2).json())
        .contains(
            "\"approvers\": [\"bob\", \"carol\", \"dave\"]", "\"approval_type\": \"majority\"");
  }

  @Test
  void seedsAGroupApprovedAgentWhoseReminderAndEscalationFireWithinAMinute() {
    DemoAgent release = DemoAgent.all().get(3);

    assertThat(release.json())
        .contains(
            "\"approver_groups\": [\"finance\"]",
            "\"remind_after\": \"PT30S\"",
            "\"escalate_after\": \"PT40S\"",
            "\"escalate_to\": {\"groups\": [\"release-managers\"]}");
  }

  @Test
  void recognisesAnAgentAlreadyListedByName() {
    DemoAgent invoices = DemoAgent.all().get(0);

    assertThat(invoices.isListedIn("[{\"id\":\"a1\",\"name\":\"Invoice review\"}]")).isTrue();
    assertThat(invoices.isListedIn("[{\"id\":\"a1\",\"name\":\"Invoice review v2\"}]")).isFalse();
    assertThat(invoices.isListedIn("[]")).isFalse();
  }
}
