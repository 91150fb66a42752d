package dev.pilot.dashboard;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param snapshotLimit running executions sent in one snapshot
 * @param heartbeat interval of the SSE heartbeat comment
 * @param subscriberBuffer distinct executions one slow SSE client may have pending before it is
 *     disconnected (it then resumes with Last-Event-ID)
 * @param changeRetention how long the change feed keeps deltas for reconnecting clients
 * @param changePruneEvery how often the change feed is cut to {@code changeRetention}
 * @param executionServiceUrl where {@code /api/agents/**} and {@code /api/executions/**} go
 * @param approvalServiceUrl where {@code /api/approvals/**} goes
 * @param admins users who may rebuild the read model (with JWT, tokens with the {@code pilot.admin}
 *     scope may too)
 * @param finishedRetention how long finished runs stay in the read model after they finished
 * @param finishedPruneEvery how often finished runs older than {@code finishedRetention} are looked
 *     for
 * @param pruneBatch rows deleted per pruning statement
 * @param rebuildHeldExecutions executions a rebuild folds in memory before it writes them
 */
@ConfigurationProperties("pilot.dashboard")
public record DashboardProperties(
    @DefaultValue("20") int snapshotLimit,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("1000") int subscriberBuffer,
    @DefaultValue("1h") Duration changeRetention,
    @DefaultValue("5m") Duration changePruneEvery,
    @DefaultValue("http://localhost:8081") URI executionServiceUrl,
    @DefaultValue("http://localhost:8082") URI approvalServiceUrl,
    @DefaultValue List<String> admins,
    @DefaultValue("90d") Duration finishedRetention,
    @DefaultValue("1h") Duration finishedPruneEvery,
    @DefaultValue("1000") int pruneBatch,
    @DefaultValue("50000") int rebuildHeldExecutions) {}
