package dev.pilot.execution.approval;

import dev.pilot.platform.events.EventCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

@Configuration(proxyBeanMethods = false)
class ApprovalEventsBinding {

  /** Binding {@code approvalEvents-in-0}; unknown event types are skipped, malformed ones fail. */
  @Bean
  Consumer<Message<byte[]>> approvalEvents(EventCodec codec, ApprovalEventHandler handler) {
    return message -> codec.readApprovalEvent(message.getPayload()).ifPresent(handler::on);
  }
}
