/**
 * Kafka connection and security (SASL/SCRAM) configured once, in {@code spring.kafka.*}, for the
 * binder's clients and every client the services build by hand.
 */
package dev.pilot.platform.kafka;
