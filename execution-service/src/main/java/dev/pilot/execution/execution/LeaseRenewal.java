package dev.pilot.execution.execution;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Renews this instance's leases every third of a lease, on Spring's task scheduler. */
@Configuration(proxyBeanMethods = false)
class LeaseRenewal implements SchedulingConfigurer {

  private final ExecutionWorkers workers;
  private final ExecutionProperties properties;

  LeaseRenewal(ExecutionWorkers workers, ExecutionProperties properties) {
    this.workers = workers;
    this.properties = properties;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    Duration every = Duration.ofMillis(Math.max(100, properties.lease().toMillis() / 3));
    registrar.addFixedDelayTask(workers::renewLeases, every);
  }
}
