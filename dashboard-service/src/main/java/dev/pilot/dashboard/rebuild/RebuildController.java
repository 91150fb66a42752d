package dev.pilot.dashboard.rebuild;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /api/admin/rebuild}: rebuilds the read model and answers with events/s. */
@RestController
class RebuildController {

  private final Rebuild rebuild;

  RebuildController(Rebuild rebuild) {
    this.rebuild = rebuild;
  }

  @PostMapping("/api/admin/rebuild")
  Mono<Rebuild.Result> rebuild() {
    return Mono.fromCallable(rebuild::run).subscribeOn(Schedulers.boundedElastic());
  }
}
