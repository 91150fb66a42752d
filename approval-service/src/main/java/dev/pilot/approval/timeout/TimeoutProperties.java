package dev.pilot.approval.timeout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sweepInterval pause between two sweeps for expired approvals and due stages
 * @param recheckInterval longest pause between two checks for the earliest deadline: how late a
 *     deadline of an approval another instance opened (and did not sweep) can be seen here
 * @param batchSize approvals expired per transaction
 */
@ConfigurationProperties("pilot.approval.timeout")
record TimeoutProperties(
    @DefaultValue("500ms") Duration sweepInterval,
    @DefaultValue("5s") Duration recheckInterval,
    @DefaultValue("100") int batchSize) {}
