package dev.pilot.platform.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds the examples kept in {@code openapi-examples/<operationId>.json} ({@code {"request": …,
 * "responses": {"200": …}}}) to the operation of that id. Kept as files so the build can check
 * every example against the schema it illustrates.
 */
final class StoredExamples implements OpenApiCustomizer {

  static final String LOCATION = "classpath*:openapi-examples/*.json";

  private record Stored(Object request, Map<String, Object> responses) {}

  private final Map<String, Stored> byOperation = new java.util.HashMap<>();

  StoredExamples() {
    JsonMapper json = JsonMapper.builder().build();
    try {
      for (Resource file : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
        String name = file.getFilename();
        try (InputStream in = file.getInputStream()) {
          byOperation.put(
              name.substring(0, name.length() - ".json".length()),
              json.readValue(in, Stored.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LOCATION, e);
    }
  }

  @Override
  public void customise(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths().values().forEach(path -> path.readOperations().forEach(this::addExamples));
  }

  private void addExamples(Operation operation) {
    Stored stored = byOperation.get(operation.getOperationId());
    if (stored == null) {
      return;
    }
    if (stored.request() != null && operation.getRequestBody() != null) {
      setExample(operation.getRequestBody().getContent(), stored.request());
    }
    if (stored.responses() != null) {
      stored
          .responses()
          .forEach(
              (status, example) -> {
                ApiResponse response = operation.getResponses().get(status);
                if (response == null) {
                  throw new IllegalStateException(
                      operation.getOperationId()
                          + " documents no "
                          + status
                          + " answer for its example");
                }
                setExample(response.getContent(), example);
              });
    }
  }

  private static void setExample(Content content, Object example) {
    if (content != null) {
      content.values().forEach(media -> media.setExample(example));
    }
  }
}
