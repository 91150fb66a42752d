package dev.pilot.testsupport.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.assertj.core.api.Assertions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored answers under {@code api-fixtures/} (e.g. {@code approval/bulk-responses.json}).
 *
 * <p>A service's test asserts that its real answer has the fixture's shape ({@link
 * #assertSameShape}); the dashboard's fakes serve the fixture (with ids of the test's own). A field
 * renamed, added or dropped in a view record thus fails the service's test until the fixture, and
 * with it the browser's types ({@code static/js/types.js}) and fakes, follow.
 */
public final class ApiFixtures {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ApiFixtures() {}

  /** A fresh, mutable copy of the fixture. */
  public static ObjectNode load(String name) {
    String resource = "api-fixtures/" + name;
    try (InputStream in = ApiFixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + resource);
      }
      return (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fails unless {@code actual} has the fixture's shape: the same property names at every level (a
   * property that is null or absent on one side may be anything on the other: views leave out nulls
   * differently), the same JSON kinds (text, number, boolean, object, array), and array elements
   * alike pairwise as far as both arrays go. Values other than kinds are not compared.
   */
  public static void assertSameShape(String fixture, JsonNode actual) {
    List<String> differences = new ArrayList<>();
    compare("$", load(fixture), actual, differences);
    Assertions.assertThat(differences)
        .as("%s differs from the real answer %s", fixture, actual)
        .isEmpty();
  }

  private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (absent(expected) || absent(actual)) {
      return;
    }
    if (expected.getNodeType() != actual.getNodeType()) {
      out.add(path + ": " + expected.getNodeType() + " in the fixture, " + actual.getNodeType());
      return;
    }
    if (expected.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      expected.properties().forEach(p -> names.add(p.getKey()));
      actual.properties().forEach(p -> names.add(p.getKey()));
      for (String name : names) {
        JsonNode e = expected.get(name);
        JsonNode a = actual.get(name);
        if (e == null && !absent(a)) {
          out.add(path + "." + name + ": not in the fixture");
        } else if (a == null && !absent(e)) {
          out.add(path + "." + name + ": not in the real answer");
        } else {
          compare(path + "." + name, e, a, out);
        }
      }
    } else if (expected.isArray()) {
      for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
        compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
      }
    }
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }
}
