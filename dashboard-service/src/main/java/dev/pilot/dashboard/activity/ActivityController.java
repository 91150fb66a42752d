package dev.pilot.dashboard.activity;

import dev.pilot.dashboard.running.RunningExecution;
import dev.pilot.dashboard.running.RunningExecutions;
import dev.pilot.platform.apidocs.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Recent activity: the caller's executions that completed, failed (with reason) or were cancelled.
 */
@Tag(name = "dashboard")
@RestController
class ActivityController {

  private final RunningExecutions executions;

  ActivityController(RunningExecutions executions) {
    this.executions = executions;
  }

  @Operation(operationId = "recentActivity", summary = "The caller's recently finished executions")
  @ProblemResponses({400})
  @GetMapping("/api/activity")
  Mono<List<RunningExecution>> activity(
      Principal principal, @RequestParam(defaultValue = "20") int limit) {
    int max = Math.max(1, Math.min(limit, 200));
    return Mono.fromCallable(() -> executions.finishedFor(principal.getName(), max))
        .subscribeOn(Schedulers.boundedElastic());
  }
}
