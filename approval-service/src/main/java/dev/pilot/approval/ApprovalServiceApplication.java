package dev.pilot.approval;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class ApprovalServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApprovalServiceApplication.class, args);
  }

  /** What "now" is wherever time decides: expiries, answers, resolutions. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
