package dev.pilot.execution.scheduling;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this instance fires scheduled agents at all
 * @param poll how often due agents are looked for; a tick fires at most this late
 */
@ConfigurationProperties("pilot.scheduling")
public record SchedulingProperties(
    @DefaultValue("true") boolean enabled, @DefaultValue("250ms") Duration poll) {}
