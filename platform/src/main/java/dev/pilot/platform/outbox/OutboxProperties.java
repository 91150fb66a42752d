package dev.pilot.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this instance relays at all
 * @param batchSize rows read and published per round trip
 * @param idlePoll how long the relay waits for a NOTIFY before looking anyway
 * @param source the CloudEvents {@code ce_source} of what this service publishes
 */
@ConfigurationProperties("pilot.outbox")
public record OutboxProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("500") int batchSize,
    @DefaultValue("1s") Duration idlePoll,
    @DefaultValue("150s") Duration sendTimeout,
    String source) {}
