/**
 * A single-node KRaft Kafka broker inside this JVM, on fixed ports, with data that survives
 * restarts.
 */
package dev.pilot.localstack.kafka;
