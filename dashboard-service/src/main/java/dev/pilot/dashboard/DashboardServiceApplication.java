package dev.pilot.dashboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DashboardServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(DashboardServiceApplication.class, args);
  }
}
