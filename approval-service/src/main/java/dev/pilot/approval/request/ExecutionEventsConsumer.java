package dev.pilot.approval.request;

import dev.pilot.platform.events.EventCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The execution-events binding: decode (so a malformed record is dead-lettered whatever its type),
 * then apply only the events that concern approvals. Most of an execution's events (steps started
 * and completed) do not, and skipping them before any transaction keeps this consumer from lagging
 * behind the stream, which is what approvers would feel as a request arriving late.
 */
@Configuration(proxyBeanMethods = false)
class ExecutionEventsConsumer {

  @Bean
  Consumer<Message<byte[]>> executionEvents(EventCodec codec, ApprovalRequestIntake intake) {
    return message ->
        codec
            .readExecutionEvent(message.getPayload())
            .filter(ApprovalRequestIntake::concerns)
            .ifPresent(intake::apply);
  }
}
