package dev.pilot.dashboard.inbox;

import java.util.List;

/** The caller's pending approvals, oldest request first (at most {@code limit}). */
public record Inbox(List<PendingApproval> approvals, int limit) {}
