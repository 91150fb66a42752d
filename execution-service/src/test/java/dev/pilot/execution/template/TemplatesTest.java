package dev.pilot.execution.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TemplatesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final UUID EXECUTION = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");

  private final Scope scope =
      new Scope(
          json("{\"supplier\": \"Acme\", \"limit\": 5000, \"tags\": [\"paper\", \"q3\"]}"),
          Map.of(
              "fetch",
              json(
                  "{\"status\": 200, \"body\": {\"invoices\": [{\"id\": \"INV-1\", \"amount\":"
                      + " 1200.5}], \"total\": 1200.5}}"),
              "log",
              json("\"logged\"")),
          EXECUTION,
          "Invoice review");

  @Test
  void aWholeStringReferenceKeepsItsJsonType() {
    assertThat(Templates.resolve("{{ inputs.limit }}", scope)).isEqualTo(5000);
    assertThat(Templates.resolve("{{ steps.fetch.output.body.invoices }}", scope))
        .isEqualTo(List.of(Map.of("id", "INV-1", "amount", 1200.5)));
    assertThat(Templates.resolve("{{inputs.tags}}", scope)).isEqualTo(List.of("paper", "q3"));
  }

  @Test
  void aReferenceInsideLongerTextIsRenderedAsText() {
    assertThat(
            Templates.resolve(
                "Pay {{ inputs.supplier }} {{ steps.fetch.output.body.total }} EUR ({{"
                    + " inputs.tags }}) for {{ agent.name }} run {{ execution.id }}",
                scope))
        .isEqualTo("Pay Acme 1200.5 EUR ([\"paper\",\"q3\"]) for Invoice review run " + EXECUTION);
  }

  @Test
  void referencesAreResolvedAtEveryDepthOfParams() {
    Object params =
        Map.of(
            "url",
            "https://example.test/pay/{{ steps.fetch.output.body.invoices[0].id }}",
            "body",
            Map.of("lines", List.of("{{ steps.fetch.output.body.invoices[0].amount }}", 7)));

    assertThat(Templates.resolve(params, scope))
        .isEqualTo(
            Map.of(
                "url",
                "https://example.test/pay/INV-1",
                "body",
                Map.of("lines", List.of(1200.5, 7))));
  }

  @Test
  void textWithoutReferencesIsLeftAlone() {
    assertThat(Templates.resolve("plain text {not a template}", scope))
        .isEqualTo("plain text {not a template}");
    assertThat(Templates.resolve(42, scope)).isEqualTo(42);
  }

  @Test
  void aMissingPathFailsNamingTheReference() {
    assertThatThrownBy(() -> Templates.resolve("{{ steps.fetch.output.body.nope }}", scope))
        .isInstanceOf(MissingReferenceException.class)
        .hasMessageContaining("{{ steps.fetch.output.body.nope }}");
    assertThatThrownBy(() -> Templates.resolve("x {{ steps.later.output }}", scope))
        .isInstanceOf(MissingReferenceException.class)
        .hasMessageContaining("steps.later.output");
  }

  @Test
  void findNamesEachReferenceWithItsField() {
    List<Templates.Found> found =
        Templates.find(
            "params",
            Map.of(
                "body",
                Map.of("items", List.of("{{ steps.fetch.output.body }}", "{{ inputs.x }}"))));

    assertThat(found)
        .extracting(Templates.Found::field, f -> f.reference().stepId())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("params.body.items[0]", "fetch"),
            org.assertj.core.groups.Tuple.tuple("params.body.items[1]", null));
  }

  @Test
  void badSyntaxIsReportedNotResolved() {
    assertThat(problems("{{ inputs..x }}")).singleElement().asString().contains("inputs..x");
    assertThat(problems("{{ steps.fetch }}"))
        .singleElement()
        .asString()
        .contains("steps.<step_id>.output");
    assertThat(problems("{{ execution.owner }}"))
        .singleElement()
        .asString()
        .contains("execution.id");
    assertThat(problems("{{ T(java.lang.Runtime).getRuntime() }}")).hasSize(1);
    assertThat(problems("{{ env.HOME }}")).singleElement().asString().contains("must start with");
    assertThat(problems("Hello {{ inputs.name")).singleElement().asString().contains("{{");
    assertThat(problems("{{ inputs.a[0].b }}")).isEmpty();
  }

  private static List<String> problems(String text) {
    return Templates.find("f", text).stream()
        .map(Templates.Found::problem)
        .filter(p -> p != null)
        .toList();
  }

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }
}
