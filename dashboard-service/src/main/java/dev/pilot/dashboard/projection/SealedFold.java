package dev.pilot.dashboard.projection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A fold over a sealed event hierarchy with one transition per permitted type, checked to be
 * exhaustive when it is built: a type added to the contract without a transition fails the class's
 * initialisation (and so every test that folds), not silently at run time. This stands in for an
 * exhaustive {@code switch} over sealed types, which the project's Java 17 does not have.
 */
final class SealedFold<S, E> {

  private final Map<Class<?>, BiFunction<S, E, S>> transitions;

  private SealedFold(Map<Class<?>, BiFunction<S, E, S>> transitions) {
    this.transitions = Map.copyOf(transitions);
  }

  /**
   * @param sealedType the sealed event hierarchy
   * @param stateType the folded state's type (names {@code S} for the compiler only)
   */
  static <S, E> Builder<S, E> over(Class<E> sealedType, Class<S> stateType) {
    if (!sealedType.isSealed()) {
      throw new IllegalArgumentException(sealedType + " is not sealed");
    }
    return new Builder<>(sealedType);
  }

  S apply(S state, E event) {
    BiFunction<S, E, S> transition = transitions.get(event.getClass());
    if (transition == null) {
      throw new IllegalArgumentException("No transition for " + event.getClass());
    }
    return transition.apply(state, event);
  }

  static final class Builder<S, E> {
    private final Class<E> sealedType;
    private final Map<Class<?>, BiFunction<S, E, S>> transitions = new LinkedHashMap<>();

    private Builder(Class<E> sealedType) {
      this.sealedType = sealedType;
    }

    <T extends E> Builder<S, E> on(Class<T> type, BiFunction<S, T, S> transition) {
      transitions.put(type, (state, event) -> transition.apply(state, type.cast(event)));
      return this;
    }

    /** The fold, if every permitted type of the sealed hierarchy has its transition. */
    SealedFold<S, E> exhaustive() {
      Set<Class<?>> permitted = Set.of(sealedType.getPermittedSubclasses());
      if (!transitions.keySet().equals(permitted)) {
        throw new IllegalStateException(
            sealedType.getSimpleName()
                + " fold must handle exactly "
                + Arrays.stream(sealedType.getPermittedSubclasses())
                    .map(Class::getSimpleName)
                    .collect(Collectors.joining(", "))
                + "; it handles "
                + transitions.keySet().stream()
                    .map(Class::getSimpleName)
                    .collect(Collectors.joining(", ")));
      }
      return new SealedFold<>(transitions);
    }
  }
}
