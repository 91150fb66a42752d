package dev.pilot.testsupport;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.context.ApplicationContext;

/**
 * What a Spring Cloud Stream binding was built with, read from the objects the binder keeps (it
 * offers no API for them), for tests that check a service's binding configuration took effect.
 */
public final class BindingInspection {

  private BindingInspection() {}

  /** The message converter the named batch binding's listener turns each poll's records with. */
  public static Object batchMessageConverter(ApplicationContext context, String binding) {
    Object bound = context.getBean(BindingsLifecycleController.class).queryState(binding).get(0);
    return new DirectFieldAccessor(bound)
        .getPropertyValue("lifecycle.batchListener.batchMessageConverter");
  }
}
