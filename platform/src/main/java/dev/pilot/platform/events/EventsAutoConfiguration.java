package dev.pilot.platform.events;

import dev.pilot.contracts.Topics;
import dev.pilot.platform.kafka.KafkaClients;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;

/**
 * The codec, the dead letters of batch consumers, and the contract topics declared with enough
 * partitions to spread executions.
 */
@AutoConfiguration
@EnableConfigurationProperties(TopicProperties.class)
public class EventsAutoConfiguration {

  @Bean
  EventCodec eventCodec() {
    return new EventCodec();
  }

  /** Lazy: no producer is opened until a batch consumer dead-letters its first record. */
  @Bean
  @ConditionalOnMissingBean
  BatchDeadLetters batchDeadLetters(
      @Value("${spring.application.name:application}") String service, KafkaClients kafka) {
    return new BatchDeadLetters(service, kafka);
  }

  /** For batch bindings: their records' headers unmapped ({@link BatchRecords#converter()}). */
  @Bean(BatchRecords.CONVERTER)
  BatchMessagingMessageConverter batchRecordsConverter() {
    return BatchRecords.converter();
  }

  @Bean
  NewTopic executionEventsTopic(TopicProperties topics) {
    return TopicBuilder.name(Topics.EXECUTION_EVENTS).partitions(topics.partitions()).build();
  }

  @Bean
  NewTopic approvalEventsTopic(TopicProperties topics) {
    return TopicBuilder.name(Topics.APPROVAL_EVENTS).partitions(topics.partitions()).build();
  }
}
