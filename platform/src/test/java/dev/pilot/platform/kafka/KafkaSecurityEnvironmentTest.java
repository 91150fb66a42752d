package dev.pilot.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSecurityEnvironmentTest {

  @Test
  void withoutKafkaSettingsNothingChangesAndClientsStayPlaintext() {
    assertThat(KafkaSecurityEnvironment.derive(Map.<String, String>of()::get)).isEmpty();
  }

  @Test
  void credentialsBecomeAScramSha512JaasConfigurationWithQuotesEscaped() {
    Map<String, Object> derived =
        KafkaSecurityEnvironment.derive(
            Map.of(
                    "KAFKA_SECURITY_PROTOCOL", "sasl_ssl",
                    "KAFKA_SASL_USERNAME", "execution-service",
                    "KAFKA_SASL_PASSWORD", "a\"b\\c")
                ::get);

    assertThat(derived)
        .containsEntry("spring.kafka.security.protocol", "SASL_SSL")
        .containsEntry("spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "spring.kafka.properties.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"execution-service\" password=\"a\\\"b\\\\c\";");
  }

  @Test
  void refusesToStartWithSettingsThatWouldNeverAuthenticate() {
    assertThatThrownBy(
            () ->
                KafkaSecurityEnvironment.derive(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")::get))
        .hasMessageContaining("needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
    assertThatThrownBy(
            () ->
                KafkaSecurityEnvironment.derive(
                    Map.of("KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p")::get))
        .hasMessageContaining("set KAFKA_SECURITY_PROTOCOL to SASL_SSL");
    assertThatThrownBy(
            () ->
                KafkaSecurityEnvironment.derive(
                    Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_USERNAME", "u")
                        ::get))
        .hasMessageContaining("without KAFKA_SASL_PASSWORD");
    assertThatThrownBy(
            () -> KafkaSecurityEnvironment.derive(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS")::get))
        .hasMessageContaining("KAFKA_SECURITY_PROTOCOL must be one of");
  }
}
