package dev.pilot.execution.approval;

import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.platform.events.EventCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

@Configuration(proxyBeanMethods = false)
class ApprovalEventsBinding {

  /**
   * Binding {@code approvalEvents-in-0}; unknown event types are skipped, malformed ones fail. Only
   * an outcome moves a run: progress reports (ApprovalResponseRecorded) are dropped here, before a
   * transaction is opened for them.
   */
  @Bean
  Consumer<Message<byte[]>> approvalEvents(EventCodec codec, ApprovalEventHandler handler) {
    return message ->
        codec
            .readApprovalEvent(message.getPayload())
            .filter(ApprovalResolved.class::isInstance)
            .ifPresent(handler::on);
  }
}
