package dev.pilot.execution.steps;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the {@code llm} step kind sends its chat completions.
 *
 * @param baseUrl an OpenAI-compatible endpoint ({@code LLM_BASE_URL}), e.g. {@code
 *     https://api.openai.com/v1} or a local Ollama's {@code http://localhost:11434/v1}; without it
 *     an llm step fails saying so
 * @param apiKey the endpoint's key ({@code LLM_API_KEY}); never written to outputs, events, logs or
 *     errors
 * @param model the model of steps that name none ({@code LLM_MODEL})
 * @param timeout how long one completion may take
 */
@ConfigurationProperties("pilot.llm")
public record LlmProperties(
    String baseUrl,
    String apiKey,
    @DefaultValue("gpt-4o-mini") String model,
    @DefaultValue("60s") Duration timeout) {

  public boolean configured() {
    return baseUrl != null && !baseUrl.isBlank();
  }

  /** Without the key: configuration gets printed in start-up reports and failure messages. */
  @Override
  public String toString() {
    return "LlmProperties[baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null || apiKey.isEmpty() ? "none" : "***")
        + ", model="
        + model
        + ", timeout="
        + timeout
        + "]";
  }
}
