package dev.pilot.execution.steps;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every step kind of this build, by name. */
@Component
public class StepKinds {

  private final Map<String, StepKind> byName;

  public StepKinds(List<StepKind> kinds) {
    this.byName =
        kinds.stream()
            .collect(
                Collectors.toMap(StepKind::name, Function.identity(), (a, b) -> a, TreeMap::new));
  }

  public Optional<StepKind> find(String name) {
    return Optional.ofNullable(name).map(byName::get);
  }

  public StepKind get(String name) {
    return find(name).orElseThrow(() -> new IllegalStateException("no step kind " + name));
  }

  public String names() {
    return String.join(", ", byName.keySet());
  }
}
