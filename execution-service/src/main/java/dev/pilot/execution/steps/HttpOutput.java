package dev.pilot.execution.steps;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** An HTTP answer as a step output: {@code {status, headers, body}}, read only up to the limit. */
final class HttpOutput {

  /**
   * Headers that describe the answer and carry no credentials; anything else (cookies,
   * authentication challenges, tokens a server echoes) stays out of outputs and events.
   */
  static final Set<String> SAFE_HEADERS =
      Set.of(
          "content-type",
          "content-length",
          "content-language",
          "etag",
          "last-modified",
          "location",
          "retry-after",
          "date");

  private final DataSize limit;
  private final JsonMapper json;

  HttpOutput(DataSize limit, JsonMapper json) {
    this.limit = limit;
    this.json = json;
  }

  JsonNode of(HttpResponse<?> response, InputStream body) throws IOException {
    ObjectNode output = json.createObjectNode();
    output.put("status", response.statusCode());
    ObjectNode headers = output.putObject("headers");
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (SAFE_HEADERS.contains(lower) && !values.isEmpty()) {
                headers.put(lower, String.join(", ", values));
              }
            });
    byte[] bytes = readAtMost(body);
    if (bytes.length == 0) {
      output.putNull("body");
    } else if (isJson(headers.path("content-type").asString(""))) {
      try {
        output.set("body", json.readTree(bytes));
      } catch (JacksonException e) {
        output.put("body", new String(bytes, StandardCharsets.UTF_8));
      }
    } else {
      output.put("body", new String(bytes, StandardCharsets.UTF_8));
    }
    return output;
  }

  private byte[] readAtMost(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes((int) limit.toBytes() + 1);
    if (bytes.length > limit.toBytes()) {
      throw new StepFailedException(
          "the answer's body is larger than the step output limit of "
              + limit.toBytes()
              + " bytes (pilot.steps.output-limit)");
    }
    return bytes;
  }

  private static boolean isJson(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    return List.of("application/json", "+json").stream().anyMatch(type::contains);
  }
}
