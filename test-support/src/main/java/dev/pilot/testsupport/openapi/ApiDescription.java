package dev.pilot.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pilot.testsupport.DemoUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document a running service serves at {@code /v3/api-docs}. It must equal the
 * committed {@code docs/openapi/<service>.json} (rewrite that with {@code -Dopenapi.update=true}),
 * and every answer a test checks with {@link #assertDocuments} must match the schema the document
 * gives for its operation, status and media type.
 */
public final class ApiDescription {

  public static final String PATH = "/v3/api-docs";
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final JsonNode document;
  private final SchemaRegistry schemas =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final List<Operation> operations = new ArrayList<>();

  private record Operation(String method, String template, Pattern pattern, JsonNode node) {}

  private ApiDescription(JsonNode document) {
    this.document = document;
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      Pattern pattern =
          Pattern.compile(path.getKey().replaceAll("\\{[^}/]+}", "[^/]+").replace(".", "\\."));
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        operations.add(new Operation(op.getKey(), path.getKey(), pattern, op.getValue()));
      }
    }
    // A literal segment beats a parameter: /api/approvals/bulk-responses before /{id}.
    operations.sort(
        Comparator.comparingLong(o -> o.template().chars().filter(c -> c == '{').count()));
  }

  /** Fetches the document with HTTP Basic credentials of a demo user (password {@code demo}). */
  public static ApiDescription served(int port, String user) {
    HttpResponse<String> response = get(port, PATH, user);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ApiDescription(JSON.readTree(response.body()));
  }

  /** The document and its page answer 401 without credentials: no less protected than the API. */
  public static void assertNeedsCredentials(int port) {
    for (String path : new String[] {PATH, "/swagger-ui.html"}) {
      assertThat(get(port, path, null).statusCode())
          .as("GET %s without credentials", path)
          .isEqualTo(401);
    }
  }

  public JsonNode document() {
    return document;
  }

  /**
   * Fails when the committed document differs from the served one, leaving the served one in {@code
   * target/openapi/}; with {@code -Dopenapi.update=true} rewrites the committed one.
   */
  public void assertEqualsCommitted(String service) {
    assertThat(document.path("openapi").asString()).startsWith("3.1");
    String served = JSON.writeValueAsString(document) + "\n";
    Path committed = Path.of("..", "docs", "openapi", service + ".json");
    try {
      if (Boolean.getBoolean("openapi.update")) {
        Files.writeString(committed, served);
      }
      Path actual = Path.of("target", "openapi", service + ".json");
      Files.createDirectories(actual.getParent());
      Files.writeString(actual, served);
      String expected = Files.exists(committed) ? Files.readString(committed) : "";
      assertThat(served)
          .as(
              "the served API description differs from %s (served one: %s). If the change is"
                  + " meant, rerun this test with -Dopenapi.update=true and commit the file.",
              committed, actual.toAbsolutePath())
          .isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asserts that the answer to {@code method path} is documented for its status and media type and
   * that its body matches the documented schema.
   */
  public void assertDocuments(
      String method, String path, int status, String contentType, JsonNode body) {
    String rawPath = URI.create(path).getPath();
    Operation operation =
        operations.stream()
            .filter(
                o -> o.method().equalsIgnoreCase(method) && o.pattern().matcher(rawPath).matches())
            .findFirst()
            .orElseThrow(() -> new AssertionError("undocumented operation " + method + " " + path));
    JsonNode response = operation.node().path("responses").path(String.valueOf(status));
    assertThat(response.isMissingNode())
        .as("%s %s documents no %d answer", method, operation.template(), status)
        .isFalse();
    JsonNode content = response.path("content");
    if (body == null || body.isMissingNode()) {
      return;
    }
    String mediaType = contentType.split(";")[0].trim();
    JsonNode schema = content.path(mediaType).path("schema");
    assertThat(schema.isMissingNode())
        .as("%s %s documents no %s body for %d", method, operation.template(), mediaType, status)
        .isFalse();
    List<Error> errors =
        schemaOf(schema)
            .validate(body, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
    assertThat(errors).as("%s %s answered %d with %s", method, path, status, body).isEmpty();
  }

  /** The documented schema, with the document's components beside it so its $refs resolve. */
  private Schema schemaOf(JsonNode schema) {
    ObjectNode root = ((ObjectNode) schema.deepCopy());
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("components", document.path("components"));
    return schemas.getSchema(root);
  }

  private static HttpResponse<String> get(int port, String path, String user) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (user != null) {
      request.header("Authorization", DemoUsers.basicAuthorization(user));
    }
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
