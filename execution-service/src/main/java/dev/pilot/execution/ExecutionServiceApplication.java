package dev.pilot.execution;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ExecutionServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExecutionServiceApplication.class, args);
  }
}
