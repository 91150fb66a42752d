package dev.pilot.execution.egress;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowedHosts what a call may reach besides public addresses ({@code
 *     HTTP_STEP_ALLOWED_HOSTS}, comma-separated): CIDRs ({@code 10.1.0.0/16}, {@code fd00::/8}),
 *     host names ({@code api.internal}), wildcard names ({@code *.corp.example}), each name
 *     optionally with {@code :port}
 * @param followRedirects whether redirects are followed (each hop is checked again); off by
 *     default, so a 3xx answer fails the step
 * @param maxRedirects how many hops are followed at most when they are
 */
@ConfigurationProperties("pilot.egress")
public record EgressProperties(
    @DefaultValue List<String> allowedHosts,
    @DefaultValue("false") boolean followRedirects,
    @DefaultValue("3") int maxRedirects) {}
