package dev.pilot.dashboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(DashboardProperties.class)
public class DashboardServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(DashboardServiceApplication.class, args);
  }
}
