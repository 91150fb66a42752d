package dev.pilot.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The committed API descriptions (docs/openapi, equal to what the services serve: each service's
 * ApiDescriptionTest checks that) are valid OpenAPI 3.1 for a real parser, every operation says who
 * may call it and how it fails (413 wherever it takes a body), and every example matches the schema
 * it illustrates.
 */
class OpenApiDocumentsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest
  @ValueSource(strings = {"execution-service", "approval-service", "dashboard-service"})
  void isValidOpenApi31(String service) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text(service), null, options);

    assertThat(parsed.getMessages()).isEmpty();
    String withoutResponses = text(service).replaceFirst("\"responses\"", "\"answers\"");
    assertThat(new OpenAPIV3Parser().readContents(withoutResponses, null, options).getMessages())
        .as("the check is not vacuous")
        .isNotEmpty();
    OpenAPI api = parsed.getOpenAPI();
    assertThat(api.getSpecVersion()).isEqualTo(SpecVersion.V31);
    assertThat(api.getPaths()).isNotEmpty();
    assertThat(api.getComponents().getSecuritySchemes()).containsKeys("basic", "bearer");
    assertThat(api.getSecurity()).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"execution-service", "approval-service", "dashboard-service"})
  void everyOperationDocumentsItsCallerAndItsProblems(String service) {
    JsonNode document = read(service);
    List<String> missing = new ArrayList<>();
    forEachOperation(
        document,
        (name, operation) -> {
          if (operation.path("operationId").asString("").isEmpty()
              || operation.path("summary").asString("").isEmpty()) {
            missing.add(name + ": operationId and summary");
          }
          JsonNode responses = operation.path("responses");
          if (!responses.has("401")) {
            missing.add(name + ": 401");
          }
          // Every service refuses a body over its size limit before reading it.
          if (operation.has("requestBody") && !responses.has("413")) {
            missing.add(name + ": 413 (it takes a body)");
          }
          for (Map.Entry<String, JsonNode> response : responses.properties()) {
            int status = Integer.parseInt(response.getKey());
            if (status >= 400 && status != 401) {
              JsonNode problem =
                  response.getValue().path("content").path("application/problem+json");
              if (!problem.at("/schema/$ref").asString("").endsWith("/Problem")
                  || problem.path("examples").isEmpty()) {
                missing.add(name + ": " + status + " as problem+json with an example");
              }
            }
          }
        });
    assertThat(missing).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"execution-service", "approval-service", "dashboard-service"})
  void everyExampleMatchesItsSchema(String service) {
    JsonNode document = read(service);
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    List<String> wrong = new ArrayList<>();
    int[] checked = {0};
    forEachOperation(
        document,
        (name, operation) -> {
          List<JsonNode> contents = new ArrayList<>();
          contents.add(operation.at("/requestBody/content"));
          operation.path("responses").forEach(r -> contents.add(r.path("content")));
          for (JsonNode content : contents) {
            for (JsonNode media : content) {
              List<JsonNode> examples = new ArrayList<>();
              if (media.has("example")) {
                examples.add(media.path("example"));
              }
              media.path("examples").forEach(e -> examples.add(e.path("value")));
              for (JsonNode example : examples) {
                ObjectNode schema = (ObjectNode) media.path("schema").deepCopy();
                schema.set("components", document.path("components"));
                var errors = registry.getSchema(schema).validate(example);
                checked[0]++;
                if (!errors.isEmpty()) {
                  wrong.add(name + ": " + errors);
                }
              }
            }
          }
        });
    assertThat(wrong).isEmpty();
    assertThat(checked[0]).as("examples checked").isPositive();
  }

  private interface OperationVisitor {
    void visit(String name, JsonNode operation);
  }

  private static void forEachOperation(JsonNode document, OperationVisitor visitor) {
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        visitor.visit(operation.getKey() + " " + path.getKey(), operation.getValue());
      }
    }
  }

  private static JsonNode read(String service) {
    return JSON.readTree(text(service));
  }

  private static String text(String service) {
    try {
      return Files.readString(Path.of("..", "docs", "openapi", service + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
