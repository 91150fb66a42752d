package dev.pilot.execution.execution.model;

import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.execution.agent.PilotStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who an approval request asks, fixed when the run reaches the step (issue 15): the users the step
 * names, then the members of its groups as the directory lists them at that moment; and when its
 * policy reminds them ({@code remind_after}, repeated until the request expires, at most {@link
 * #MAX_REMINDERS} times) and escalates to whom (the {@code escalate_to} users and group members,
 * resolved at the same moment so the whole audience is known from the start).
 */
record ApprovalAudience(
    List<String> approvers,
    List<GroupMembers> groups,
    List<Instant> remindAt,
    ApprovalRequested.Escalation escalation) {

  /** A bound on reminders per request, whatever the timeout and interval. */
  static final int MAX_REMINDERS = 10;

  static ApprovalAudience of(
      PilotStep.Approval approval, ApprovalTemplates directory, Instant now, Instant expiresAt) {
    List<GroupMembers> groups = members(approval.groups(), directory);
    Set<String> approvers = new LinkedHashSet<>(approval.approvers());
    groups.forEach(g -> approvers.addAll(g.members()));
    if (approvers.isEmpty()) {
      throw new ApprovalTemplates.Unresolvable(
          "no approver: the groups " + approval.groups() + " have no members");
    }
    return new ApprovalAudience(
        List.copyOf(approvers),
        groups.isEmpty() ? null : groups,
        reminders(approval.remindAfter(), now, expiresAt),
        escalation(approval, directory, now, expiresAt));
  }

  private static List<GroupMembers> members(List<String> groups, ApprovalTemplates directory) {
    return groups.stream()
        .map(g -> new GroupMembers(g, List.copyOf(directory.membersOf(g))))
        .toList();
  }

  private static List<Instant> reminders(String every, Instant now, Instant expiresAt) {
    if (every == null) {
      return null;
    }
    Duration interval = Duration.parse(every);
    List<Instant> at = new ArrayList<>();
    for (Instant next = now.plus(interval);
        next.isBefore(expiresAt) && at.size() < MAX_REMINDERS;
        next = next.plus(interval)) {
      at.add(next);
    }
    return at.isEmpty() ? null : List.copyOf(at);
  }

  /** None when the step has no escalation, or when it would add nobody (its groups are empty). */
  private static ApprovalRequested.Escalation escalation(
      PilotStep.Approval approval, ApprovalTemplates directory, Instant now, Instant expiresAt) {
    PilotStep.EscalateTo to = approval.escalateTo();
    if (approval.escalateAfter() == null || to == null) {
      return null;
    }
    Instant at = now.plus(Duration.parse(approval.escalateAfter()));
    List<GroupMembers> groups = members(to.namedGroups(), directory);
    Set<String> users = new LinkedHashSet<>(to.namedUsers());
    groups.forEach(g -> users.addAll(g.members()));
    if (users.isEmpty() || !at.isBefore(expiresAt)) {
      return null;
    }
    return new ApprovalRequested.Escalation(
        at, List.copyOf(users), groups.isEmpty() ? null : groups);
  }
}
