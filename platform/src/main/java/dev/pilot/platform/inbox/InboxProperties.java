package dev.pilot.platform.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long a consumer remembers an applied event; longer than the topics'
 *     retention (7 days by default), so no redelivery outlives its row
 * @param pruneEvery how often old rows are looked for
 * @param pruneBatch rows deleted per statement
 */
@ConfigurationProperties("pilot.inbox")
public record InboxProperties(
    @DefaultValue("30d") Duration retention,
    @DefaultValue("1h") Duration pruneEvery,
    @DefaultValue("1000") int pruneBatch) {}
