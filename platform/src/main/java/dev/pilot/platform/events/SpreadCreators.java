package dev.pilot.platform.events;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Calls the public constructor an event record is created with through a method handle made once.
 * Jackson 3.1 calls it with {@code MethodHandle.invokeWithArguments}, which builds an argument
 * spreader on every call: that was about 40% of the time a consumer spent decoding an event.
 * Anything the constructor throws is left to Jackson (it calls the constructor again and reports
 * the failure its own way), so only the cost changes.
 */
final class SpreadCreators implements ValueInstantiators {

  @Override
  public ValueInstantiator findValueInstantiator(
      DeserializationConfig config, BeanDescription.Supplier description) {
    return null;
  }

  @Override
  public ValueInstantiator modifyValueInstantiator(
      DeserializationConfig config,
      BeanDescription.Supplier description,
      ValueInstantiator standard) {
    if (standard.getClass() != StdValueInstantiator.class
        || !(standard.getWithArgsCreator() instanceof AnnotatedConstructor creator)
        || !Modifier.isPublic(creator.getAnnotated().getModifiers())
        || !Modifier.isPublic(creator.getDeclaringClass().getModifiers())) {
      return standard;
    }
    Constructor<?> constructor = creator.getAnnotated();
    try {
      MethodHandle spread =
          MethodHandles.publicLookup()
              .unreflectConstructor(constructor)
              .asSpreader(Object[].class, constructor.getParameterCount())
              .asType(MethodType.methodType(Object.class, Object[].class));
      return new Spread((StdValueInstantiator) standard, spread);
    } catch (IllegalAccessException | RuntimeException e) {
      return standard; // Jackson's own way
    }
  }

  private static final class Spread extends StdValueInstantiator {
    private final MethodHandle constructor;

    Spread(StdValueInstantiator standard, MethodHandle constructor) {
      super(standard);
      this.constructor = constructor;
    }

    @Override
    public Object createFromObjectWith(DeserializationContext context, Object[] arguments) {
      try {
        return (Object) constructor.invokeExact(arguments);
      } catch (Throwable refused) {
        return super.createFromObjectWith(context, arguments);
      }
    }
  }
}
