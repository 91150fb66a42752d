/**
 * Notifications to approvers: enqueued in the caller's transaction, delivered at least once through
 * their own outbox to the configured channels (webhook, e-mail), each carrying signed per-approver
 * approve/reject links. Depends on no other feature package, so any of them may notify.
 */
package dev.pilot.approval.notify;
