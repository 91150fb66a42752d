package dev.pilot.dashboard.running;

import dev.pilot.dashboard.DashboardProperties;
import dev.pilot.platform.apidocs.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@Tag(name = "dashboard")
@RestController
class RunningExecutionsController {

  private final RunningExecutions executions;
  private final DashboardProperties properties;

  RunningExecutionsController(RunningExecutions executions, DashboardProperties properties) {
    this.executions = executions;
    this.properties = properties;
  }

  @Operation(
      operationId = "runningExecutions",
      summary =
          "Snapshot of the caller's running executions, with the stream position to continue from")
  @ProblemResponses({400})
  @GetMapping("/api/running-executions")
  Mono<RunningSnapshot> running(
      Principal principal, @RequestParam(required = false) Integer limit) {
    int max = limit == null ? properties.snapshotLimit() : Math.max(1, Math.min(limit, 500));
    return Mono.fromCallable(() -> executions.snapshot(principal.getName(), max))
        .subscribeOn(Schedulers.boundedElastic());
  }
}
