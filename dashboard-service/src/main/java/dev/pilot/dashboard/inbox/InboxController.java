package dev.pilot.dashboard.inbox;

import dev.pilot.platform.apidocs.ProblemResponses;
import dev.pilot.platform.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The approver's inbox. The caller is the principal; an approval that does not wait for the caller
 * (not theirs, answered, resolved, unknown) is a 404, whichever the reason.
 */
@Tag(name = "dashboard")
@RestController
class InboxController {

  static final int MAX_LIMIT = 500;

  private final PendingApprovals pending;

  InboxController(PendingApprovals pending) {
    this.pending = pending;
  }

  @Operation(
      operationId = "inbox",
      summary = "The approvals waiting for the caller's answer, across agents, oldest first")
  @ProblemResponses({400})
  @GetMapping("/api/inbox")
  Mono<Inbox> inbox(Principal principal, @RequestParam(defaultValue = "200") int limit) {
    int max = Math.max(1, Math.min(limit, MAX_LIMIT));
    return Mono.fromCallable(() -> new Inbox(pending.of(principal.getName(), max), max))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @Operation(
      operationId = "inboxApproval",
      summary = "One approval of the caller's inbox; 404 when it does not wait for the caller")
  @ProblemResponses({400, 404})
  @GetMapping("/api/inbox/{approvalId}")
  Mono<PendingApproval> approval(Principal principal, @PathVariable UUID approvalId) {
    return Mono.fromCallable(
            () ->
                pending
                    .one(principal.getName(), approvalId)
                    .orElseThrow(
                        () ->
                            new NotFoundException(
                                "No approval " + approvalId + " waits for your answer")))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** The platform's problem handler serves servlet stacks only: the same 404 problem here. */
  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setType(URI.create("https://pilot.dev/problems/not-found"));
    problem.setTitle("Not found");
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
