package dev.pilot.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

  private static final String ID = "3f1c2a8e-5b7d-4e0f-9a61-0c2d4e6f8a10";

  @Test
  void aRequestPathNamesTheExecutionApprovalOrAgentItIsAbout() {
    try (LogContext ignored = LogContext.ofPath("/api/executions/" + ID + "/pause")) {
      assertThat(MDC.get("execution_id")).isEqualTo(ID);
    }
    try (LogContext ignored = LogContext.ofPath("/api/approvals/" + ID + "/responses")) {
      assertThat(MDC.get("approval_id")).isEqualTo(ID);
    }
    try (LogContext ignored = LogContext.ofPath("/api/agents/" + ID)) {
      assertThat(MDC.get("agent_id")).isEqualTo(ID);
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void anEnclosingContextKeepsItsIdsWhenAnInnerOneCloses() {
    try (LogContext outer = LogContext.empty().with("execution_id", ID)) {
      try (LogContext inner = LogContext.ofPath("/api/executions/" + ID).with("agent_id", ID)) {
        assertThat(MDC.get("agent_id")).isEqualTo(ID);
      }
      assertThat(MDC.get("execution_id")).isEqualTo(ID);
      assertThat(MDC.get("agent_id")).isNull();
    }
    assertThat(MDC.get("execution_id")).isNull();
  }

  @Test
  void pathsWithoutAnIdAddNothing() {
    try (LogContext ignored = LogContext.ofPath("/api/executions?limit=5")) {
      assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
  }
}
