package dev.pilot.approval.request;

import dev.pilot.contracts.ApprovalOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code pilot_approval_wait_seconds{type, outcome}}: how long approvals waited for their
 * resolution, counted once the resolution commits (a rolled-back one never happened).
 */
@Component
class ApprovalWaits {

  private final MeterRegistry registry;

  ApprovalWaits(MeterRegistry registry) {
    this.registry = registry;
  }

  void resolved(Approval approval, ApprovalOutcome outcome, Instant at) {
    Duration waited = Duration.between(approval.createdAt(), at);
    Timer timer =
        Timer.builder("pilot.approval.wait")
            .description("Time from an approval's request to its resolution")
            .tag("type", approval.type().name().toLowerCase(Locale.ROOT))
            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofSeconds(1))
            .maximumExpectedValue(Duration.ofDays(7))
            .register(registry);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              timer.record(waited);
            }
          });
    } else {
      timer.record(waited);
    }
  }
}
