package dev.pilot.approval;

import dev.pilot.testsupport.AdjustableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The service's clock in tests: real time until a test advances it (and resets it after). */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

  @Bean
  @Primary
  AdjustableClock adjustableClock() {
    return new AdjustableClock();
  }
}
