package dev.pilot.approval.request;

import dev.pilot.approval.notify.NotificationKind;
import dev.pilot.approval.notify.Notifications;
import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionCancelled;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionFailed;
import dev.pilot.platform.events.MalformedEventException;
import dev.pilot.platform.inbox.Inbox;
import dev.pilot.platform.logging.LogContext;
import dev.pilot.platform.tracing.TraceScope;
import dev.pilot.platform.tracing.Traces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the execution events this service cares about, each exactly once: an approval request by
 * the approval's primary key, a cancellation or failure by the inbox.
 */
@Service
class ApprovalRequestIntake {

  static final String CONSUMER = "executionEvents";
  private static final Logger log = LoggerFactory.getLogger(ApprovalRequestIntake.class);

  private static final Set<Class<? extends ExecutionEvent>> CONCERNING =
      Set.of(ApprovalRequested.class, ExecutionCancelled.class, ExecutionFailed.class);

  /** The execution event types ({@code event_type}, {@code ce_type}) that concern no approval. */
  private static final Set<String> IGNORED_TYPES =
      Arrays.stream(ExecutionEvent.class.getPermittedSubclasses())
          .filter(type -> !CONCERNING.contains(type))
          .map(Class::getSimpleName)
          .collect(Collectors.toUnmodifiableSet());

  private final Inbox inbox;
  private final Approvals approvals;
  private final ApprovalResolver resolver;
  private final Notifications notifications;
  private final ApprovalStages stages;
  private final TransactionTemplate transactions;
  private final Traces traces;
  private final ApplicationEventPublisher publisher;

  ApprovalRequestIntake(
      Inbox inbox,
      Approvals approvals,
      ApprovalResolver resolver,
      Notifications notifications,
      ApprovalStages stages,
      PlatformTransactionManager transactionManager,
      Traces traces,
      ApplicationEventPublisher publisher) {
    this.traces = traces;
    this.publisher = publisher;
    this.stages = stages;
    this.inbox = inbox;
    this.approvals = approvals;
    this.resolver = resolver;
    this.notifications = notifications;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  /** Whether the event opens or ends approvals; the rest of an execution's life does not. */
  static boolean concerns(ExecutionEvent event) {
    return CONCERNING.contains(event.getClass());
  }

  /** Whether an event of this type is known not to concern approvals, so need not be read. */
  static boolean ignores(String eventType) {
    return IGNORED_TYPES.contains(eventType);
  }

  /**
   * Throws {@link MalformedEventException} for an event that could never be applied, so it is
   * dead-lettered before the transaction that applies the rest of its batch.
   */
  static void validate(ExecutionEvent event) {
    if (event instanceof ApprovalRequested requested) {
      approversOf(requested);
    }
  }

  /**
   * Applies a batch of concerning, valid events in their order. Consecutive approval requests only
   * insert rows, so they share one transaction; a cancellation or failure, which locks the
   * execution's pending approvals and appends their resolutions, has one of its own, as it had when
   * each event was applied alone. A failing transaction throws, and the batch is retried: what
   * committed before is skipped (by the approval's key or the inbox).
   */
  public void applyAll(List<ExecutionEvent> events) {
    applyAll(events, Traces.RecordTraces.NONE);
  }

  /**
   * As above; each event is applied in a consumer span continuing the trace its record carried
   * ({@code traced}), so the approval it opens (and the events that follow) join its execution's
   * trace.
   */
  public void applyAll(List<ExecutionEvent> events, Traces.RecordTraces traced) {
    List<ApprovalRequested> openings = new ArrayList<>();
    for (ExecutionEvent event : events) {
      if (event instanceof ApprovalRequested requested) {
        openings.add(requested);
      } else {
        openAll(openings, traced);
        openings.clear();
        transactions.executeWithoutResult(status -> applyOnce(event, traced));
      }
    }
    openAll(openings, traced);
  }

  /**
   * Opens consecutive approval requests in one transaction: untraced, with one insert for all of
   * them; traced, each in its own consumer span (whose context the approval keeps), as one event
   * applied alone, so that the span holds the work it stands for.
   */
  private void openAll(List<ApprovalRequested> requests, Traces.RecordTraces traced) {
    if (requests.isEmpty()) {
      return;
    }
    transactions.executeWithoutResult(
        status -> {
          if (traces.enabled()) {
            requests.forEach(requested -> applyOnce(requested, traced));
            return;
          }
          List<Approvals.Opening> openings =
              requests.stream().map(r -> new Approvals.Opening(r, approversOf(r), null)).toList();
          Set<UUID> created = approvals.createAll(openings);
          for (Approvals.Opening opening : openings) {
            if (created.remove(opening.requested().approvalId())) {
              try (LogContext logs =
                  LogContext.empty()
                      .with(LogContext.EXECUTION_ID, opening.requested().executionId())) {
                opened(opening);
              }
            }
          }
        });
  }

  private void applyOnce(ExecutionEvent event, Traces.RecordTraces traced) {
    try (LogContext logs = LogContext.empty().with(LogContext.EXECUTION_ID, event.executionId());
        TraceScope span =
            traces.enabled()
                ? traces.consuming(
                    traced.of(event.eventId()), "execution-events " + event.eventType())
                : TraceScope.NONE) {
      span.tag("pilot.execution_id", event.executionId());
      applyOnce(event);
    }
  }

  private void applyOnce(ExecutionEvent event) {
    if (event instanceof ApprovalRequested requested) {
      // Needs no inbox row: the approval's primary key makes opening it idempotent by itself
      // (approvals are never deleted), and all that hangs on it happens only when it was created.
      open(requested);
    } else if ((event instanceof ExecutionCancelled || event instanceof ExecutionFailed)
        && inbox.firstDelivery(CONSUMER, event.eventId())) {
      cancelPendingOf(event.executionId());
    }
  }

  private void open(ApprovalRequested requested) {
    Approvals.Opening opening =
        new Approvals.Opening(requested, approversOf(requested), traces.current());
    if (!approvals.createAll(List.of(opening)).isEmpty()) {
      opened(opening);
    }
  }

  /** What hangs on an approval that its request just created: its stages, log line, notices. */
  private void opened(Approvals.Opening opening) {
    ApprovalRequested requested = opening.requested();
    stages.plan(requested);
    ApprovalStages.earliestDeadline(requested)
        .ifPresent(at -> publisher.publishEvent(new DeadlinesPlanned(at)));
    log.info(
        "Approval {} of execution {} opened for {}",
        requested.approvalId(),
        requested.executionId(),
        opening.approvers());
    // The approvers hear of it exactly when the approval exists: same transaction. Reading
    // the approval back costs a query per request, so only when some channel is configured.
    if (notifications.enabled()) {
      approvals
          .find(requested.approvalId())
          .ifPresent(
              approval ->
                  notifications.enqueue(
                      approval.notice(), approval.approvers(), NotificationKind.REQUESTED));
    }
  }

  private void cancelPendingOf(UUID executionId) {
    for (Approval approval : approvals.lockPendingOf(executionId)) {
      resolver.resolve(approval, ApprovalOutcome.CANCELLED);
    }
  }

  /**
   * The approvers who may answer, once each, in the order named. When self-approval is prevented
   * the owner is not counted: an {@code all} approval would otherwise wait for an answer that can
   * never come. An owner who is the only approver stays listed (and still may not answer), so the
   * approval times out visibly instead of disappearing.
   */
  private static List<String> approversOf(ApprovalRequested requested) {
    if (requested.approvalId() == null
        || requested.approvalType() == null
        || requested.stepId() == null) {
      throw new MalformedEventException(
          "ApprovalRequested needs approval_id, approval_type and step_id", null);
    }
    List<String> named =
        requested.approvers() == null
            ? List.of()
            : requested.approvers().stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .distinct()
                .toList();
    if (named.isEmpty()) {
      throw new MalformedEventException("ApprovalRequested names no approver", null);
    }
    if (!requested.preventSelfApproval() || requested.owner() == null) {
      return named;
    }
    List<String> others = named.stream().filter(name -> !name.equals(requested.owner())).toList();
    return others.isEmpty() ? named : others;
  }
}
