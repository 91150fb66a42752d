package dev.pilot.platform.events;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param partitions partitions of the contract topics and of the dead-letter topics this service
 *     declares (records are keyed by execution id, so this bounds consumer parallelism)
 */
@ConfigurationProperties("pilot.kafka")
public record TopicProperties(@DefaultValue("6") int partitions) {}
