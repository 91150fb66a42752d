package dev.pilot.execution.execution;

import dev.pilot.execution.agent.PilotStep;
import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.steps.StepInvocation;
import dev.pilot.execution.steps.StepKind;
import dev.pilot.execution.steps.StepKinds;
import dev.pilot.execution.steps.StepsProperties;
import dev.pilot.execution.template.MissingReferenceException;
import dev.pilot.execution.template.Scope;
import dev.pilot.execution.template.TemplateSyntaxException;
import dev.pilot.execution.template.Templates;
import dev.pilot.platform.web.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One attempt at an action step: its params' templates resolved against the run's data, the
 * resolved params checked by the step kind, the kind run, and its output bounded. The output is
 * stored by the transition that records the step's success ({@link StepTransitions}), not here.
 */
@Component
class StepAttempt {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final StepKinds kinds;
  private final ExecutionData data;
  private final StepsProperties properties;

  StepAttempt(StepKinds kinds, ExecutionData data, StepsProperties properties) {
    this.kinds = kinds;
    this.data = data;
    this.properties = properties;
  }

  /**
   * What came of one attempt: its output on success, else why it failed, as users read it; or, for
   * a kind that only waits (a delay), how long to wait durably ({@code waitFor}).
   */
  record Outcome(StepOutput output, String error, Duration waitFor) {

    static Outcome succeeded(StepOutput output) {
      return new Outcome(output, null, null);
    }

    static Outcome failed(String error) {
      return new Outcome(null, error, null);
    }

    static Outcome waits(Duration wait) {
      return wait.isZero() || wait.isNegative() ? succeeded(null) : new Outcome(null, null, wait);
    }

    boolean hasSucceeded() {
      return error == null && waitFor == null;
    }
  }

  /**
   * Runs the attempt. Throws {@link InterruptedException} if the worker was told to stop (pause,
   * cancel, shutdown) before it was done; nothing of the attempt is kept then.
   */
  Outcome run(Execution e) throws InterruptedException {
    PilotStep step = e.currentStep();
    StepKind kind = kinds.get(step.action().kind());
    try {
      Map<String, Object> params = resolve(e, step.action().params());
      List<Violation> broken = kind.validate("params", params);
      if (!broken.isEmpty()) {
        return Outcome.failed(
            broken.stream()
                .map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; ", "resolved ", "")));
      }
      Optional<Duration> wait = kind.waits(params);
      if (wait.isPresent()) {
        return Outcome.waits(wait.get());
      }
      JsonNode output = kind.run(new StepInvocation(e.id(), step.id(), e.attempt(), params));
      if (Thread.interrupted()) {
        // stopped while the kind ran: it may have ended its call with an error or even an answer
        throw new InterruptedException();
      }
      return output == null ? Outcome.succeeded(null) : bounded(step, output);
    } catch (InterruptedException interrupted) {
      throw interrupted;
    } catch (MissingReferenceException | TemplateSyntaxException unresolved) {
      return Outcome.failed(unresolved.getMessage());
    } catch (Exception failure) {
      if (Thread.interrupted()) {
        throw new InterruptedException(); // the failure is the stop's doing (an aborted call)
      }
      return Outcome.failed(
          failure.getMessage() == null ? failure.toString() : failure.getMessage());
    }
  }

  /** The params with their templates resolved; the data is read only when there are any. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> resolve(Execution e, Map<String, Object> params) {
    if (params == null || Templates.find("params", params).isEmpty()) {
      return params == null ? Map.of() : params;
    }
    Scope scope =
        new Scope(data.inputs(e.id()), data.outputs(e.id()), e.id(), e.plan().agentName());
    return (Map<String, Object>) Templates.resolve(params, scope);
  }

  private Outcome bounded(PilotStep step, JsonNode output) {
    String json = JSON.writeValueAsString(output);
    String refusal = properties.refusal("the step's output", json);
    return refusal == null
        ? Outcome.succeeded(new StepOutput(step.id(), json))
        : Outcome.failed(refusal);
  }
}
