package dev.pilot.execution.steps;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param outputLimit the largest step output kept, as compact JSON; a larger one fails the step. At
 *     most {@link #OUTPUT_LIMIT_CEILING}: outputs and proposals travel inside events, which must
 *     stay well below Kafka's default 1 MiB record size.
 */
@ConfigurationProperties("pilot.steps")
public record StepsProperties(@DefaultValue("64KB") DataSize outputLimit) {

  public static final DataSize OUTPUT_LIMIT_CEILING = DataSize.ofKilobytes(256);

  /**
   * Why {@code what}, as compact JSON, may not be kept: it is larger than the output limit; null
   * when it may.
   */
  public String refusal(String what, String json) {
    long size = json.getBytes(StandardCharsets.UTF_8).length;
    long limit = outputLimit.toBytes();
    return size <= limit
        ? null
        : what
            + " of "
            + size
            + " bytes is larger than the limit of "
            + limit
            + " bytes (pilot.steps.output-limit)";
  }

  public StepsProperties {
    if (outputLimit.toBytes() < 1 || outputLimit.compareTo(OUTPUT_LIMIT_CEILING) > 0) {
      throw new IllegalArgumentException(
          "pilot.steps.output-limit must be between 1B and " + OUTPUT_LIMIT_CEILING);
    }
  }
}
