package dev.pilot.approval.timeout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sweepInterval pause between two sweeps for expired approvals
 * @param batchSize approvals expired per transaction
 */
@ConfigurationProperties("pilot.approval.timeout")
record TimeoutProperties(
    @DefaultValue("500ms") Duration sweepInterval, @DefaultValue("100") int batchSize) {}
