package dev.pilot.execution.execution;

import dev.pilot.contracts.Trigger;
import dev.pilot.execution.agent.Agent;
import dev.pilot.execution.agent.AgentCatalog;
import dev.pilot.execution.agent.AgentInputs;
import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.ExecutionStatus;
import dev.pilot.execution.execution.model.TransitionRefused;
import dev.pilot.platform.apidocs.ProblemResponses;
import dev.pilot.platform.web.InvalidRequestException;
import dev.pilot.platform.web.ProblemHandler;
import dev.pilot.platform.web.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "executions")
@RestController
class ExecutionController {

  static final int MAX_LIMIT = 500;

  private final AgentCatalog agents;
  private final ExecutionLauncher launcher;
  private final ExecutionCommands commands;
  private final Executions executions;
  private final ExecutionData data;

  ExecutionController(
      AgentCatalog agents,
      ExecutionLauncher launcher,
      ExecutionCommands commands,
      Executions executions,
      ExecutionData data) {
    this.agents = agents;
    this.launcher = launcher;
    this.commands = commands;
    this.executions = executions;
    this.data = data;
  }

  record StartedView(UUID executionId, ExecutionStatus status) {}

  /** The optional body of a start: the run's inputs (the agent's default inputs when absent). */
  record StartRequest(Object inputs) {}

  @Operation(operationId = "startExecution", summary = "Start a run of one of the caller's agents")
  @ProblemResponses({400, 404, 413, 429})
  @ApiResponse(
      responseCode = "202",
      description = "Accepted: the run goes on in the background; `Location` names the execution",
      useReturnTypeSchema = true)
  @PostMapping("/api/agents/{agentId}/executions")
  // No transaction: the agent's read and the start's one statement are each their own (two round
  // trips; a transaction around both cost a third, its COMMIT). The owner's start lock is taken by
  // the start's statement.
  ResponseEntity<StartedView> start(
      @PathVariable UUID agentId,
      @RequestBody(required = false) StartRequest request,
      Principal user) {
    Agent agent = agents.ownedAgent(user.getName(), agentId);
    List<Violation> violations = new ArrayList<>();
    Map<String, Object> inputs =
        AgentInputs.forRun(agent, request == null ? null : request.inputs(), violations);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    ExecutionLauncher.Started started = launcher.start(agent, Trigger.MANUAL, inputs);
    return ResponseEntity.accepted()
        .location(URI.create("/api/executions/" + started.executionId()))
        .body(new StartedView(started.executionId(), started.status()));
  }

  /** The caller's executions, newest first. */
  @Operation(operationId = "listExecutions", summary = "The caller's executions, newest first")
  @ProblemResponses({400})
  @GetMapping("/api/executions")
  @Transactional(readOnly = true)
  List<ExecutionView> list(
      @RequestParam(required = false) String status,
      @RequestParam(name = "agent_id", required = false) UUID agentId,
      @RequestParam(defaultValue = "50") int limit,
      Principal user) {
    ExecutionStatus wanted =
        status == null
            ? null
            : ExecutionStatus.parse(status)
                .orElseThrow(
                    () ->
                        InvalidRequestException.of(
                            "status",
                            "must be running, waiting_approval, paused, completed, failed or"
                                + " cancelled"));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidRequestException.of("limit", "must be between 1 and " + MAX_LIMIT);
    }
    return executions.ownedBy(user.getName(), wanted, agentId, limit).stream()
        .map(ExecutionView::summary)
        .toList();
  }

  @Operation(
      operationId = "getExecution",
      summary = "One execution with its step history (its owner and its approvers may see it)")
  @ProblemResponses({400, 404})
  @GetMapping("/api/executions/{id}")
  @Transactional(readOnly = true)
  ExecutionView get(@PathVariable UUID id, Principal user) {
    Execution e = executions.find(id).orElseThrow(() -> ExecutionCommands.notFound(id));
    if (!e.owner().equals(user.getName()) && !e.plan().approvers().contains(user.getName())) {
      throw ExecutionCommands.notFound(id);
    }
    return ExecutionView.detail(e, executions.history(id), data.outputValues(id));
  }

  @Operation(operationId = "pauseExecution", summary = "Pause a running execution")
  @ProblemResponses({400, 403, 404, 409})
  @PostMapping("/api/executions/{id}/pause")
  ExecutionView pause(@PathVariable UUID id, Principal user) {
    return ExecutionView.summary(commands.pause(user.getName(), id));
  }

  @Operation(operationId = "resumeExecution", summary = "Resume a paused execution")
  @ProblemResponses({400, 403, 404, 409})
  @PostMapping("/api/executions/{id}/resume")
  ExecutionView resume(@PathVariable UUID id, Principal user) {
    return ExecutionView.summary(commands.resume(user.getName(), id));
  }

  @Operation(operationId = "cancelExecution", summary = "Cancel an execution that has not finished")
  @ProblemResponses({400, 403, 404, 409})
  @PostMapping("/api/executions/{id}/cancel")
  ExecutionView cancel(@PathVariable UUID id, Principal user) {
    return ExecutionView.summary(commands.cancel(user.getName(), id));
  }

  /** The owner already has as many active runs as one owner may. */
  @ExceptionHandler(ExecutionLauncher.ActiveLimitReached.class)
  ProblemDetail tooMany(ExecutionLauncher.ActiveLimitReached e) {
    return ProblemHandler.tooMany(e.getMessage());
  }

  /** The domain refused the command: the run's state does not allow it. */
  @ExceptionHandler(TransitionRefused.class)
  ProblemDetail refused(TransitionRefused e) {
    return ProblemHandler.conflict(e.getMessage());
  }
}
