package dev.pilot.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published JSON Schemas, read from the classpath the way another team reads them from the
 * folder: by their {@code $id}, which maps onto {@code schemas/v1/<EventType>.json}. Formats
 * ({@code uuid}, {@code date-time}) are asserted, not just annotated.
 */
final class ContractSchemas {

  static final String ID_BASE = "https://schemas.pilot.dev/events/";
  static final String FOLDER = "schemas/v1";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder
                  .schemaIdResolvers(ids -> ids.mapPrefix(ID_BASE, "classpath:schemas/"))
                  .schemaRegistryConfig(
                      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  private ContractSchemas() {}

  static Schema of(String eventType) {
    return REGISTRY.getSchema(SchemaLocation.of(ID_BASE + "v1/" + eventType + ".json"));
  }

  /** What is wrong with the event JSON according to its type's schema; empty when valid. */
  static List<String> violations(String eventType, JsonNode event) {
    return of(eventType).validate(event).stream().map(Error::toString).toList();
  }

  /** The raw text tree of one schema file, e.g. {@code envelope.json}. */
  static JsonNode file(String name) {
    return read(FOLDER + "/" + name);
  }

  /** The names of every schema file in the v1 folder. */
  static Set<String> fileNames() {
    return listClasspathFolder(FOLDER);
  }

  static JsonNode read(String classpathResource) {
    try (InputStream in = resource(classpathResource)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream resource(String classpathResource) {
    InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(classpathResource);
    if (in == null) {
      throw new IllegalStateException("Missing classpath resource " + classpathResource);
    }
    return in;
  }

  static Set<String> listClasspathFolder(String folder) {
    try (Stream<Path> files =
        Files.list(Path.of(ContractSchemas.class.getClassLoader().getResource(folder).toURI()))) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
