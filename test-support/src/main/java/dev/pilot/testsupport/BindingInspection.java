package dev.pilot.testsupport;

import org.springframework.beans.DirectFieldAccessor;

/**
 * What a Spring Cloud Stream binding was built with, read from the objects the binder keeps (it
 * offers no API for them), for tests that check a service's binding configuration took effect.
 */
public final class BindingInspection {

  private BindingInspection() {}

  /**
   * The message converter a batch binding's listener turns each poll's records with.
   *
   * @param binding one of {@code BindingsLifecycleController.queryState(name)}'s bindings
   */
  public static Object batchMessageConverter(Object binding) {
    return new DirectFieldAccessor(binding)
        .getPropertyValue("lifecycle.batchListener.batchMessageConverter");
  }
}
