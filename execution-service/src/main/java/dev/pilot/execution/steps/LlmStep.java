package dev.pilot.execution.steps;

import dev.pilot.platform.web.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * Asks a model through an OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI, vLLM,
 * Ollama): {@code prompt} and optional {@code system} (both usually templates), optional {@code
 * model}, {@code temperature}, {@code max_tokens}, and {@code response_format} {@code "json"} to
 * get the answer parsed as JSON (an answer that is not JSON fails the attempt). The output is the
 * answer: text, or the parsed JSON value. The client is Spring AI's; the step's own retry policy
 * decides about retries, so the client makes none of its own.
 */
@Component
class LlmStep implements StepKind {

  private static final Set<String> FORMATS = Set.of("text", "json");

  private final LlmProperties properties;
  private final JsonMapper json = JsonMapper.builder().build();

  LlmStep(LlmProperties properties) {
    this.properties = properties;
  }

  @Override
  public String name() {
    return "llm";
  }

  @Override
  public List<Violation> validate(String path, Map<String, Object> params) {
    List<Violation> violations = new ArrayList<>();
    Map<String, Object> p = Params.orEmpty(params);
    if (!(p.get("prompt") instanceof String prompt) || prompt.isBlank()) {
      violations.add(new Violation(path + ".prompt", "is required (text)"));
    }
    Params.optionalString(params, path, "system", violations);
    Params.optionalString(params, path, "model", violations);
    if (p.containsKey("temperature")
        && !(p.get("temperature") instanceof Number t
            && t.doubleValue() >= 0
            && t.doubleValue() <= 2)) {
      violations.add(new Violation(path + ".temperature", "must be a number between 0 and 2"));
    }
    if (p.containsKey("max_tokens")) {
      Params.requireLong(params, path, "max_tokens", 1, 100_000, violations);
    }
    if (p.containsKey("response_format") && !FORMATS.contains(p.get("response_format"))) {
      violations.add(new Violation(path + ".response_format", "must be text or json"));
    }
    return violations;
  }

  @Override
  public JsonNode run(StepInvocation invocation) {
    if (!properties.configured()) {
      throw new StepFailedException("no model endpoint is configured (LLM_BASE_URL)");
    }
    Map<String, Object> params = invocation.params();
    boolean wantsJson = "json".equals(params.get("response_format"));
    OpenAiChatOptions options = options(params, wantsJson);
    List<Message> messages = new ArrayList<>();
    String system = Params.string(params, "system", null);
    if (system != null) {
      messages.add(new SystemMessage(system));
    }
    messages.add(new UserMessage(Params.string(params, "prompt", "")));
    String answer;
    try {
      ChatResponse response =
          OpenAiChatModel.builder().options(options).build().call(new Prompt(messages, options));
      answer = response.getResult().getOutput().getText();
    } catch (RuntimeException e) {
      throw new StepFailedException("the model endpoint failed: " + withoutKey(e.getMessage()));
    }
    if (answer == null) {
      throw new StepFailedException("the model gave no answer");
    }
    return wantsJson ? parsed(answer) : StringNode.valueOf(answer);
  }

  private OpenAiChatOptions options(Map<String, Object> params, boolean wantsJson) {
    OpenAiChatOptions.Builder builder = OpenAiChatOptions.builder();
    builder.baseUrl(properties.baseUrl());
    builder.apiKey(properties.apiKey() == null ? "none" : properties.apiKey());
    builder.maxRetries(0);
    builder.timeout(properties.timeout());
    builder.model(Params.string(params, "model", properties.model()));
    if (params.get("temperature") instanceof Number temperature) {
      builder.temperature(temperature.doubleValue());
    }
    if (params.get("max_tokens") instanceof Number maxTokens) {
      builder.maxTokens(maxTokens.intValue());
    }
    if (wantsJson) {
      builder.responseFormat(
          OpenAiChatModel.ResponseFormat.builder()
              .type(OpenAiChatModel.ResponseFormat.Type.JSON_OBJECT)
              .build());
    }
    return builder.build();
  }

  private JsonNode parsed(String answer) {
    try {
      return json.readTree(answer);
    } catch (JacksonException e) {
      String start = answer.length() > 80 ? answer.substring(0, 80) + "…" : answer;
      throw new StepFailedException("the model's answer is not the JSON asked for: " + start);
    }
  }

  /** A client's message may echo request details; the key must never travel on in an error. */
  private String withoutKey(String message) {
    if (message == null) {
      return "no details";
    }
    String key = properties.apiKey();
    return key == null || key.isEmpty() ? message : message.replace(key, "***");
  }
}
