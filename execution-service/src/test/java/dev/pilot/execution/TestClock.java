package dev.pilot.execution;

import dev.pilot.testsupport.AdjustableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** An instance's clock that its test moves forward: real time until the test advances it. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {

  @Bean
  @Primary
  AdjustableClock adjustableClock() {
    return new AdjustableClock();
  }
}
