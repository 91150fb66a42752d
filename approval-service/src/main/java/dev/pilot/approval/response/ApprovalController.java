package dev.pilot.approval.response;

import dev.pilot.approval.request.Approval;
import dev.pilot.approval.request.ApprovalStages;
import dev.pilot.approval.request.ApprovalStatus;
import dev.pilot.approval.request.Approvals;
import dev.pilot.approval.request.Stage;
import dev.pilot.platform.apidocs.ProblemResponses;
import dev.pilot.platform.web.InvalidRequestException;
import dev.pilot.platform.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The approver API. The caller is always the authenticated principal, never a body field. */
@Tag(name = "approvals")
@RestController
@RequestMapping("/api/approvals")
class ApprovalController {

  static final int MAX_LIMIT = 500;

  private final Approvals approvals;
  private final ApprovalResponses responses;
  private final BulkResponses bulk;
  private final ApprovalStages stages;

  ApprovalController(
      Approvals approvals, ApprovalResponses responses, BulkResponses bulk, ApprovalStages stages) {
    this.stages = stages;
    this.approvals = approvals;
    this.responses = responses;
    this.bulk = bulk;
  }

  /**
   * The caller's approvals, newest first: where they are an approver ({@code role=approver}, the
   * default) or of executions they own ({@code role=owner}); {@code status} is one status or {@code
   * all} (default {@code pending}).
   */
  @Operation(operationId = "listApprovals", summary = "The caller's approvals, newest first")
  @ProblemResponses({400})
  @GetMapping
  List<ApprovalView> list(
      Principal caller,
      @RequestParam(defaultValue = "pending") String status,
      @RequestParam(defaultValue = "approver") String role,
      @RequestParam(defaultValue = "100") int limit) {
    Optional<ApprovalStatus> wanted = statusFilter(status);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidRequestException.of("limit", "must be between 1 and " + MAX_LIMIT);
    }
    List<Approval> found =
        switch (role) {
          case "approver" -> approvals.ofApprover(caller.getName(), wanted, limit);
          case "owner" -> approvals.ofOwner(caller.getName(), wanted, limit);
          default -> throw InvalidRequestException.of("role", "must be approver or owner");
        };
    Map<UUID, List<Stage>> planned = stages.ofAll(found);
    return found.stream()
        .map(a -> ApprovalView.of(a, planned.getOrDefault(a.approvalId(), List.of())))
        .toList();
  }

  @Operation(operationId = "getApproval", summary = "One approval the caller may answer or owns")
  @ProblemResponses({400, 404})
  @GetMapping("/{id}")
  ApprovalView get(Principal caller, @PathVariable UUID id) {
    return approvals
        .find(id)
        .filter(a -> a.isVisibleTo(caller.getName()))
        .map(a -> ApprovalView.of(a, stages.of(a)))
        .orElseThrow(() -> new NotFoundException(ApprovalResponses.notFound(id)));
  }

  @Operation(operationId = "respondToApproval", summary = "Approve or reject as the caller")
  @ProblemResponses({400, 403, 404, 409, 413})
  @PostMapping("/{id}/responses")
  ApprovalView respond(
      Principal caller, @PathVariable UUID id, @RequestBody ResponseRequest request) {
    if (!request.violations().isEmpty()) {
      throw new InvalidRequestException(request.violations());
    }
    Approval answered = responses.record(id, caller.getName(), request.answer());
    return ApprovalView.of(answered, stages.of(answered));
  }

  @Operation(
      operationId = "respondToApprovals",
      summary = "Answer many approvals at once; each gets its own outcome")
  @ProblemResponses({400, 413})
  @PostMapping("/bulk-responses")
  BulkResponses.Outcomes respondToMany(Principal caller, @RequestBody BulkResponseRequest request) {
    return bulk.respond(
        caller.getName(), request.validIds(), request.decision(), request.comment());
  }

  private static Optional<ApprovalStatus> statusFilter(String status) {
    if ("all".equals(status)) {
      return Optional.empty();
    }
    return Optional.of(
        ApprovalStatus.parse(status)
            .orElseThrow(
                () ->
                    InvalidRequestException.of(
                        "status",
                        "must be pending, approved, rejected, timeout, cancelled or all")));
  }
}
