package dev.pilot.dashboard.projection;

import dev.pilot.platform.events.EventCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The Spring Cloud Stream consumers of both topics, in the shared group {@code dashboard-service}
 * so the read model is written once however many dashboard instances run.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConsumers {

  @Bean
  Consumer<Message<byte[]>> executionEvents(EventCodec codec, Projection projection) {
    return message ->
        codec.readExecutionEvent(message.getPayload()).ifPresent(e -> projection.apply(e, false));
  }

  @Bean
  Consumer<Message<byte[]>> approvalEvents(EventCodec codec, Projection projection) {
    return message ->
        codec.readApprovalEvent(message.getPayload()).ifPresent(e -> projection.apply(e, false));
  }
}
