package dev.pilot.approval;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ApprovalServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApprovalServiceApplication.class, args);
  }
}
