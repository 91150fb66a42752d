package dev.pilot.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request may carry. Bounded so that no single request can exhaust memory or produce an
 * event too large for the broker.
 *
 * @param maxBody the largest request body accepted (413 above it)
 * @param maxJsonString the longest JSON string value, in characters, of any request
 * @param maxJsonDepth the deepest nesting of JSON objects and arrays of any request
 */
@ConfigurationProperties("pilot.web.limits")
public record RequestLimitsProperties(
    @DefaultValue("1MB") DataSize maxBody,
    @DefaultValue("1000000") int maxJsonString,
    @DefaultValue("64") int maxJsonDepth) {}
