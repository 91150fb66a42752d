package dev.pilot.execution.execution;

import dev.pilot.contracts.execution.ExecutionCancelled;
import dev.pilot.contracts.execution.ExecutionCompleted;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionFailed;
import dev.pilot.contracts.execution.ExecutionStarted;
import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.StepRecord;
import dev.pilot.execution.execution.model.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What an operator watches of the runs, counted when a transition commits (one that rolls back
 * never happened): {@code pilot_executions_started_total{agent_id}}, {@code
 * pilot_executions_finished_total{agent_id, outcome}} and {@code pilot_step_duration_seconds{kind,
 * status}}.
 */
@Component
class ExecutionMetrics {

  private final MeterRegistry registry;

  ExecutionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void written(Execution execution, Transition transition) {
    if (transition.finishedSteps().isEmpty() && !finishesOrStarts(transition)) {
      return;
    }
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              record(execution, transition);
            }
          });
    } else {
      record(execution, transition);
    }
  }

  private static boolean finishesOrStarts(Transition transition) {
    return transition.events().stream().anyMatch(e -> outcome(e) != null);
  }

  private void record(Execution execution, Transition transition) {
    String agent = String.valueOf(execution.plan().agentId());
    for (ExecutionEvent event : transition.events()) {
      String outcome = outcome(event);
      if ("started".equals(outcome)) {
        counter("pilot.executions.started", agent).increment();
      } else if (outcome != null) {
        Counter.builder("pilot.executions.finished")
            .description("Executions that completed, failed or were cancelled")
            .tag("agent_id", agent)
            .tag("outcome", outcome)
            .register(registry)
            .increment();
      }
    }
    for (StepRecord step : transition.finishedSteps()) {
      if (step.startedAt() != null && step.finishedAt() != null) {
        Timer.builder("pilot.step.duration")
            .description("Time from a step's start to its end, by step kind")
            .tag("kind", kind(execution, step.stepId()))
            .tag("status", step.status().name().toLowerCase(Locale.ROOT))
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry)
            .record(Duration.between(step.startedAt(), step.finishedAt()));
      }
    }
  }

  private Counter counter(String name, String agent) {
    return Counter.builder(name)
        .description("Executions started")
        .tag("agent_id", agent)
        .register(registry);
  }

  private static String outcome(ExecutionEvent event) {
    if (event instanceof ExecutionStarted) {
      return "started";
    } else if (event instanceof ExecutionCompleted) {
      return "completed";
    } else if (event instanceof ExecutionFailed) {
      return "failed";
    } else if (event instanceof ExecutionCancelled) {
      return "cancelled";
    }
    return null;
  }

  private static String kind(Execution execution, String stepId) {
    return execution.plan().steps().stream()
        .filter(s -> s.id().equals(stepId))
        .findFirst()
        .map(s -> s.action() != null ? s.action().kind() : "approval")
        .orElse("unknown");
  }
}
