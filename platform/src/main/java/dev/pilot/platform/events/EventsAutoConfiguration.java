package dev.pilot.platform.events;

import dev.pilot.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

/** The codec, and the contract topics declared with enough partitions to spread executions. */
@AutoConfiguration
public class EventsAutoConfiguration {

  @Bean
  EventCodec eventCodec() {
    return new EventCodec();
  }

  @Bean
  NewTopic executionEventsTopic(@Value("${pilot.kafka.partitions:6}") int partitions) {
    return TopicBuilder.name(Topics.EXECUTION_EVENTS).partitions(partitions).build();
  }

  @Bean
  NewTopic approvalEventsTopic(@Value("${pilot.kafka.partitions:6}") int partitions) {
    return TopicBuilder.name(Topics.APPROVAL_EVENTS).partitions(partitions).build();
  }
}
