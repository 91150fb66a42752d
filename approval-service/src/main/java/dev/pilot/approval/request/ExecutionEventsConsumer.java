package dev.pilot.approval.request;

import dev.pilot.platform.events.EventCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** The execution-events binding: decode, ignore unknown event types, apply the rest. */
@Configuration(proxyBeanMethods = false)
class ExecutionEventsConsumer {

  @Bean
  Consumer<Message<byte[]>> executionEvents(EventCodec codec, ApprovalRequestIntake intake) {
    return message -> codec.readExecutionEvent(message.getPayload()).ifPresent(intake::apply);
  }
}
