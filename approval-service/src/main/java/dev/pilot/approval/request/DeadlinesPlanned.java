package dev.pilot.approval.request;

import java.time.Instant;

/**
 * Published in the transaction that opened approvals: the earliest expiry or stage among them, so
 * that the sweeps of this instance look again by then (once it committed).
 */
public record DeadlinesPlanned(Instant earliest) {}
