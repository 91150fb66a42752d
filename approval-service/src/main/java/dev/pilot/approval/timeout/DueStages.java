package dev.pilot.approval.timeout;

import dev.pilot.approval.notify.NotificationKind;
import dev.pilot.approval.notify.Notifications;
import dev.pilot.approval.request.Approval;
import dev.pilot.approval.request.ApprovalEvents;
import dev.pilot.approval.request.ApprovalStages;
import dev.pilot.approval.request.ApprovalStatus;
import dev.pilot.approval.request.Approvals;
import dev.pilot.approval.request.Stage;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fires one batch of due reminders and escalations in one transaction (issue 15). Each stage row is
 * claimed with {@code SKIP LOCKED} and its approval's row is then locked the same way, so with
 * several instances a stage fires once, and never while an answer or the expiry is being recorded
 * on that approval (it waits for the next sweep instead: no lock waits, no deadlocks). A stage of
 * an approval that resolved meanwhile never fires: resolving drops it.
 */
@Service
class DueStages {

  private final ApprovalStages stages;
  private final Approvals approvals;
  private final ApprovalEvents events;
  private final Notifications notifications;
  private final Clock clock;

  DueStages(
      ApprovalStages stages,
      Approvals approvals,
      ApprovalEvents events,
      Notifications notifications,
      Clock clock) {
    this.stages = stages;
    this.approvals = approvals;
    this.events = events;
    this.notifications = notifications;
    this.clock = clock;
  }

  /** How many stages this call fired (a busy approval's are left for the next sweep). */
  @Transactional
  public int fireDue(int batchSize) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int fired = 0;
    for (Stage stage : stages.claimDue(now, batchSize)) {
      Optional<Approval> locked = approvals.lockIfFree(stage.approvalId());
      if (locked.isEmpty() || locked.get().status() != ApprovalStatus.PENDING) {
        continue;
      }
      switch (stage.kind()) {
        case REMINDER -> remind(locked.get(), stage, now);
        case ESCALATION -> escalate(locked.get(), stage, now);
      }
      fired++;
    }
    return fired;
  }

  private void remind(Approval approval, Stage stage, Instant now) {
    List<String> reminded = approval.awaiting();
    events.reminderSent(approval, stage.number(), reminded, now);
    notifications.enqueue(approval.notice(), reminded, NotificationKind.REMINDER);
    stages.fired(stage, now, reminded);
  }

  /**
   * Adds the escalation's users who could not answer yet (never the owner where self-approval is
   * prevented); n becomes the widened set's size, answers given so far keep counting.
   */
  private void escalate(Approval approval, Stage stage, Instant now) {
    List<String> added =
        stage.planned().stream()
            .distinct()
            .filter(user -> !approval.isApprover(user))
            .filter(user -> !approval.forbidsSelfApprovalBy(user))
            .toList();
    Approval widened = approval.withApprovers(added);
    if (!added.isEmpty()) {
      approvals.widenApprovers(widened);
    }
    events.escalated(widened, added, stage.groups(), now);
    notifications.enqueue(widened.notice(), added, NotificationKind.ESCALATED);
    stages.fired(stage, now, added);
  }
}
