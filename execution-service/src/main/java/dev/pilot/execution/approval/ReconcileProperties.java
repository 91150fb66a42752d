package dev.pilot.execution.approval;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param every how often missed decisions are looked for
 * @param after how long after its request an approval's run may wait before its decision is looked
 *     for in the topic (the consumer normally applies one within milliseconds)
 * @param limit runs looked at per round at most (the oldest first)
 * @param maxScan how long one round may read the topic; what it did not reach, the next round reads
 */
@ConfigurationProperties("pilot.approvals.reconcile")
record ReconcileProperties(
    @DefaultValue("5m") Duration every,
    @DefaultValue("10m") Duration after,
    @DefaultValue("1000") int limit,
    @DefaultValue("30s") Duration maxScan) {}
