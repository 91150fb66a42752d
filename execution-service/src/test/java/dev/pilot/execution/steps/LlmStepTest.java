package dev.pilot.execution.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pilot.execution.LoopbackServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The llm step kind against a real HTTP server standing in for the model, with scripted answers.
 */
class LlmStepTest {

  private static final String KEY = "sk-test-5f1d7a22-secret";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final LoopbackServer model = new LoopbackServer();
  private final LlmStep step =
      new LlmStep(new LlmProperties(model.url("/v1"), KEY, "small-model", Duration.ofSeconds(10)));

  @AfterEach
  void stop() {
    model.close();
  }

  @Test
  void sendsThePromptAndTheSystemMessageAndGivesTheAnswerAsOutput() {
    model.answer("/v1/chat/completions", 200, "application/json", completion("Dear Acme, paid."));

    JsonNode output =
        step.run(
            invocation(
                Map.of(
                    "prompt", "Draft a reply to Acme",
                    "system", "You write short letters",
                    "model", "letter-model",
                    "temperature", 0.2,
                    "max_tokens", 200)));

    assertThat(output.asString()).isEqualTo("Dear Acme, paid.");
    JsonNode sent = JSON.readTree(model.received("/v1/chat/completions").get(0));
    assertThat(sent.path("model").asString()).isEqualTo("letter-model");
    assertThat(sent.path("messages").get(0).path("role").asString()).isEqualTo("system");
    assertThat(sent.path("messages").get(0).path("content").asString())
        .isEqualTo("You write short letters");
    assertThat(sent.path("messages").get(1).path("content").asString())
        .isEqualTo("Draft a reply to Acme");
    assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
  }

  @Test
  void aJsonAnswerIsParsedWhenJsonWasAskedFor() {
    model.answer(
        "/v1/chat/completions",
        200,
        "application/json",
        completion("{\"supplier\": \"Acme\", \"amount\": 1200.5}"));

    JsonNode output =
        step.run(invocation(Map.of("prompt", "Extract the invoice", "response_format", "json")));

    assertThat(output.path("amount").asDouble()).isEqualTo(1200.5);
    JsonNode sent = JSON.readTree(model.received("/v1/chat/completions").get(0));
    assertThat(sent.path("response_format").path("type").asString()).isEqualTo("json_object");
    assertThat(sent.path("model").asString()).isEqualTo("small-model");
  }

  @Test
  void anAnswerThatIsNotTheJsonAskedForFailsTheAttempt() {
    model.answer(
        "/v1/chat/completions", 200, "application/json", completion("Sure! Here it is: amount 12"));

    assertThatThrownBy(
            () -> step.run(invocation(Map.of("prompt", "Extract", "response_format", "json"))))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("not the JSON asked for")
        .hasMessageContaining("Sure! Here it is");
  }

  @Test
  void aServerErrorFailsTheAttemptOnceWithoutTheKeyInTheMessage() {
    model.answer(
        "/v1/chat/completions",
        500,
        "application/json",
        "{\"error\": {\"message\": \"model overloaded; key " + KEY + "\", \"type\": \"server\"}}");

    assertThatThrownBy(() -> step.run(invocation(Map.of("prompt", "Draft"))))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("the model endpoint failed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    assertThat(model.received("/v1/chat/completions"))
        .as("no retries of its own: the step's retry policy decides")
        .hasSize(1);
  }

  @Test
  void withoutAnEndpointTheStepFailsSayingWhatToConfigure() {
    LlmStep unconfigured = new LlmStep(new LlmProperties(null, null, "m", Duration.ofSeconds(1)));

    assertThatThrownBy(() -> unconfigured.run(invocation(Map.of("prompt", "x"))))
        .hasMessageContaining("LLM_BASE_URL");
  }

  @Test
  void theKeyNeverAppearsInTheConfigurationAsPrinted() {
    assertThat(new LlmProperties("http://x", KEY, "m", Duration.ofSeconds(1)).toString())
        .doesNotContain(KEY);
  }

  @Test
  void paramsAreCheckedNamingEachField() {
    assertThat(
            step.validate("p", Map.of("temperature", 5, "response_format", "xml", "max_tokens", 0)))
        .extracting(v -> v.field())
        .containsExactlyInAnyOrder(
            "p.prompt", "p.temperature", "p.response_format", "p.max_tokens");
  }

  private static StepInvocation invocation(Map<String, Object> params) {
    return new StepInvocation(UUID.randomUUID(), "draft", 1, params);
  }

  private static String completion(String content) {
    return JSON.writeValueAsString(
        Map.of(
            "id",
            "chatcmpl-1",
            "object",
            "chat.completion",
            "created",
            1_773_480_000,
            "model",
            "small-model",
            "choices",
            java.util.List.of(
                Map.of(
                    "index",
                    0,
                    "message",
                    Map.of("role", "assistant", "content", content),
                    "finish_reason",
                    "stop")),
            "usage",
            Map.of("prompt_tokens", 10, "completion_tokens", 5, "total_tokens", 15)));
  }
}
