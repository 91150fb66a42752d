package dev.pilot.execution.steps;

import dev.pilot.execution.egress.EgressClient;
import dev.pilot.execution.egress.EgressRefusedException;
import dev.pilot.platform.web.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls {@code url} with {@code method} (default POST) and an optional JSON {@code body}; a 2xx
 * answer succeeds, anything else fails the attempt. Sends {@code Idempotency-Key} so a retried or
 * re-run call can be recognised by the receiver. The output is {@code {status, headers, body}}: a
 * safe subset of the answer's headers, and its body parsed as JSON when the answer says it is JSON,
 * otherwise as text. Calls go through the egress policy; errors name the URL without credentials or
 * query, and never carry what the called host answered.
 */
@Component
class HttpStep implements StepKind {

  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final long DEFAULT_TIMEOUT_MS = 10_000;
  static final int MAX_URL = 2_000;

  private final EgressClient egress;
  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpOutput output;

  HttpStep(StepsProperties properties, EgressClient egress) {
    this.output = new HttpOutput(properties.outputLimit(), json);
    this.egress = egress;
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public List<Violation> validate(String path, Map<String, Object> params) {
    List<Violation> violations = new ArrayList<>();
    Object url = Params.orEmpty(params).get("url");
    if (!(url instanceof String text) || !isHttpUrl(text)) {
      violations.add(new Violation(path + ".url", "must be an absolute http or https URL"));
    } else if (text.length() > MAX_URL) {
      violations.add(new Violation(path + ".url", "must be at most " + MAX_URL + " characters"));
    } else {
      egress
          .policy()
          .refusalWithoutLookup(URI.create(text))
          .ifPresent(
              refusal -> violations.add(new Violation(path + ".url", "is refused: " + refusal)));
    }
    Object method = Params.orEmpty(params).get("method");
    if (method != null
        && !(method instanceof String m && METHODS.contains(m.toUpperCase(Locale.ROOT)))) {
      violations.add(new Violation(path + ".method", "must be one of " + METHODS));
    }
    if (Params.orEmpty(params).containsKey("timeout_ms")) {
      Params.requireLong(params, path, "timeout_ms", 1, 300_000, violations);
    }
    return violations;
  }

  private static boolean isHttpUrl(String text) {
    try {
      URI uri = URI.create(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public JsonNode run(StepInvocation invocation) throws Exception {
    Map<String, Object> params = invocation.params();
    String method = Params.string(params, "method", "POST").toUpperCase(Locale.ROOT);
    Object body = Params.orEmpty(params).get("body");
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(Params.string(params, "url", "")))
            .timeout(Duration.ofMillis(Params.longValue(params, "timeout_ms", DEFAULT_TIMEOUT_MS)))
            .header("Idempotency-Key", invocation.idempotencyKey())
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build();
    String shown = method + " " + EgressClient.display(request.uri());
    HttpResponse<InputStream> response;
    try {
      response = egress.send(request);
    } catch (EgressRefusedException refused) {
      throw new StepFailedException(shown + " refused: " + refused.getMessage());
    } catch (HttpTimeoutException timeout) {
      throw new StepFailedException(shown + " timed out");
    } catch (IOException failed) {
      // One message for every I/O failure: which ports are open is not for the error to tell.
      throw new StepFailedException(shown + " failed: no answer");
    }
    try (InputStream answer = response.body()) {
      if (response.statusCode() / 100 != 2) {
        throw new StepFailedException(shown + " answered HTTP " + response.statusCode());
      }
      return output.of(response, answer);
    }
  }
}
