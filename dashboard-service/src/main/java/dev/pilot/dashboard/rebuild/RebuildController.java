package dev.pilot.dashboard.rebuild;

import dev.pilot.platform.apidocs.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /api/admin/rebuild}: rebuilds the read model and answers with events/s. */
@Tag(name = "administration")
@RestController
class RebuildController {

  private final Rebuild rebuild;

  RebuildController(Rebuild rebuild) {
    this.rebuild = rebuild;
  }

  @Operation(
      operationId = "rebuildReadModel",
      summary = "Rebuild the read model from the topics (administrators only)")
  @ProblemResponses({403})
  @PostMapping("/api/admin/rebuild")
  Mono<Rebuild.Result> rebuild() {
    return Mono.fromCallable(rebuild::run).subscribeOn(Schedulers.boundedElastic());
  }
}
