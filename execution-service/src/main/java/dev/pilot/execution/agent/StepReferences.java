package dev.pilot.execution.agent;

import dev.pilot.execution.template.Templates;
import dev.pilot.platform.web.Violation;
import java.util.List;
import java.util.Map;

/**
 * Save-time checks of the templates in one step: every reference parses, and every {@code
 * steps.<id>} reference names a step that runs before this one.
 */
final class StepReferences {

  private StepReferences() {}

  /**
   * The templates found in {@code value} (under {@code field}), after reporting what is wrong with
   * them into {@code out}; {@code order} maps every step id to its position, {@code position} is
   * this step's.
   */
  static List<Templates.Found> check(
      String field, Object value, Map<String, Integer> order, int position, List<Violation> out) {
    List<Templates.Found> found = Templates.find(field, value);
    for (Templates.Found f : found) {
      if (f.problem() != null) {
        out.add(new Violation(f.field(), f.problem()));
      } else if (f.reference().readsStep()) {
        Integer at = order.get(f.reference().stepId());
        if (at == null) {
          out.add(
              new Violation(
                  f.field(), f.reference() + " refers to unknown step " + f.reference().stepId()));
        } else if (at >= position) {
          out.add(
              new Violation(
                  f.field(),
                  f.reference()
                      + " refers to step "
                      + f.reference().stepId()
                      + ", which has not run yet when this step runs"));
        }
      }
    }
    return found;
  }

  /**
   * Drops a step kind's complaints about fields that hold templates: their values exist only at run
   * time, where the resolved params are checked again.
   */
  static List<Violation> exceptTemplated(List<Violation> violations, List<Templates.Found> found) {
    return violations.stream()
        .filter(
            v ->
                found.stream()
                    .map(Templates.Found::field)
                    .noneMatch(
                        f ->
                            f.equals(v.field())
                                || f.startsWith(v.field() + ".")
                                || f.startsWith(v.field() + "[")))
        .toList();
  }
}
