package dev.pilot.platform.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.pilot.platform.web.Violation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonSchemasTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final JsonNode INVOICE_INPUTS =
      json(
          """
          {"type": "object", "required": ["supplier", "amount"],
           "properties": {"supplier": {"type": "string"},
                          "amount": {"type": "number", "minimum": 0},
                          "lines": {"type": "array", "items": {"type": "integer"}}}}
          """);

  @Test
  void validInputsHaveNoViolations() {
    assertThat(
            JsonSchemas.violations(
                "inputs", INVOICE_INPUTS, json("{\"supplier\": \"Acme\", \"amount\": 12.5}")))
        .isEmpty();
  }

  @Test
  void eachBrokenFieldIsNamedUnderThePrefix() {
    assertThat(
            JsonSchemas.violations(
                "inputs", INVOICE_INPUTS, json("{\"amount\": -1, \"lines\": [1, \"two\"]}")))
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("inputs.supplier", "inputs.amount", "inputs.lines[1]");
  }

  @Test
  void aViolationSaysWhichRuleWasBroken() {
    assertThat(JsonSchemas.violations("inputs", INVOICE_INPUTS, json("{\"amount\": 1}")))
        .containsExactly(new Violation("inputs.supplier", "is required"));
    assertThat(
            JsonSchemas.violations(
                    "inputs", INVOICE_INPUTS, json("{\"supplier\": \"A\", \"amount\": \"ten\"}"))
                .get(0)
                .message())
        .contains("number");
  }

  @Test
  void aWellFormedSchemaHasNoProblems() {
    assertThat(JsonSchemas.schemaProblems("input_schema", INVOICE_INPUTS)).isEmpty();
  }

  @Test
  void aSchemaThatBreaksTheMetaSchemaIsNamed() {
    assertThat(JsonSchemas.schemaProblems("input_schema", json("{\"type\": \"invoice\"}")))
        .extracting(Violation::field)
        .containsOnly("input_schema");
    assertThat(JsonSchemas.schemaProblems("input_schema", json("[1, 2]")))
        .extracting(Violation::field)
        .containsExactly("input_schema");
  }

  @Test
  void aReferenceToAnotherDocumentIsRefusedWithoutFetchingIt() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = "{\"type\": \"string\"}".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";
      JsonNode schema = json("{\"properties\": {\"a\": {\"$ref\": \"" + url + "\"}}}");

      assertThat(JsonSchemas.schemaProblems("proposal_schema", schema))
          .extracting(Violation::field)
          .containsExactly("proposal_schema");
      assertThat(fetches).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }
}
