package dev.pilot.approval.request;

import static dev.pilot.testsupport.BindingInspection.batchMessageConverter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.platform.events.BatchRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@ApprovalServiceTest
class ExecutionEventsBindingTest {

  @Autowired ApplicationContext context;

  /**
   * The consumer skips 11 of a run's 12 records by their {@code ce_type}: the binding must hand it
   * each record's headers as Kafka delivered them, not first map every header of every record.
   */
  @Test
  void theBindingHandsOverEachRecordsHeadersUnmapped() {
    assertThat(batchMessageConverter(context, "executionEvents-in-0"))
        .isSameAs(context.getBean(BatchRecords.CONVERTER));
  }
}
