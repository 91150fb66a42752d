package dev.pilot.execution.execution;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workers threads running action steps on this instance
 * @param claimBatch executions claimed per round trip at most
 * @param lease how long a claim stays valid without renewal; an instance that dies holds its
 *     executions at most this long before another instance takes them over
 * @param idlePoll how long an idle dispatcher waits for a wake-up before looking anyway (retry
 *     back-offs and expired leases are found this way)
 * @param releaseLeasesOnShutdown hand running executions back at once on a graceful stop
 * @param maxActivePerOwner how many executions one owner may have running, waiting for approval or
 *     paused at once; a start beyond it is refused (429), a scheduled tick skipped
 */
@ConfigurationProperties("pilot.execution")
public record ExecutionProperties(
    @DefaultValue("16") int workers,
    @DefaultValue("32") int claimBatch,
    @DefaultValue("30s") Duration lease,
    @DefaultValue("500ms") Duration idlePoll,
    @DefaultValue("true") boolean releaseLeasesOnShutdown,
    @DefaultValue("100") int maxActivePerOwner) {}
