package dev.pilot.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.testsupport.api.ApiFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The browser's types (static/js/types.js) name exactly the properties of the API answers they
 * mirror: each {@code @fixture} against the stored answer that the service's own test checks its
 * real answer against. No Spring, no browser.
 */
class ViewTypesTest {

  private static final Path TYPES = Path.of("src/main/resources/static/js/types.js");
  private static final Pattern BLOCK = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
  private static final Pattern FIXTURE = Pattern.compile("@fixture\\s+(\\S+)\\s+(\\S+)");
  private static final Pattern TYPEDEF = Pattern.compile("@typedef\\s+\\{Object}\\s+(\\w+)");
  private static final Pattern PROPERTY =
      Pattern.compile("@property\\s+\\{[^}]*}\\s+\\[?(\\w+)\\]?");

  record MirroredType(String name, String fixture, String path, Set<String> properties) {}

  @Test
  void everyTypeThatMirrorsAnAnswerNamesExactlyTheAnswersProperties() throws IOException {
    List<MirroredType> types = mirroredTypes();

    assertThat(types)
        .extracting(MirroredType::name)
        .contains("RunningExecution", "ExecutionView", "ApprovalView", "BulkOutcome");
    for (MirroredType type : types) {
      JsonNode node = at(ApiFixtures.load(type.fixture()), type.path());
      Set<String> names = new LinkedHashSet<>();
      node.properties().forEach(p -> names.add(p.getKey()));
      assertThat(type.properties())
          .as("%s's properties against %s %s", type.name(), type.fixture(), type.path())
          .containsExactlyInAnyOrderElementsOf(names);
    }
  }

  private static List<MirroredType> mirroredTypes() throws IOException {
    List<MirroredType> types = new ArrayList<>();
    Matcher block = BLOCK.matcher(Files.readString(TYPES));
    while (block.find()) {
      String doc = block.group(1);
      Matcher fixture = FIXTURE.matcher(doc);
      Matcher typedef = TYPEDEF.matcher(doc);
      if (!fixture.find() || !typedef.find()) {
        continue;
      }
      Set<String> properties = new LinkedHashSet<>();
      Matcher property = PROPERTY.matcher(doc);
      while (property.find()) {
        properties.add(property.group(1));
      }
      types.add(new MirroredType(typedef.group(1), fixture.group(1), fixture.group(2), properties));
    }
    return types;
  }

  /** Follows a path like {@code $.context.pilot_steps[0]}. */
  private static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String step : path.substring(1).split("\\.")) {
      if (step.isEmpty()) {
        continue;
      }
      Matcher indexed = Pattern.compile("(\\w+)\\[(\\d+)]").matcher(step);
      node =
          indexed.matches()
              ? node.path(indexed.group(1)).path(Integer.parseInt(indexed.group(2)))
              : node.path(step);
    }
    assertThat(node.isObject()).as("%s names an object", path).isTrue();
    return node;
  }
}
