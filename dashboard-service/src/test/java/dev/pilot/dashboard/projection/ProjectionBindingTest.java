package dev.pilot.dashboard.projection;

import static dev.pilot.testsupport.BindingInspection.batchMessageConverter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.platform.events.BatchRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

class ProjectionBindingTest extends DashboardTest {

  @Autowired ApplicationContext context;

  /**
   * The projection reads a few headers of each record (its type, trace and event id): the binding
   * hands them over as Kafka delivered them instead of first mapping every header of every record.
   */
  @Test
  void theBindingHandsOverEachRecordsHeadersUnmapped() {
    assertThat(batchMessageConverter(context, "dashboardEvents-in-0"))
        .isSameAs(context.getBean(BatchRecords.CONVERTER));
  }
}
