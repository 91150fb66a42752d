/**
 * One trace per execution: the W3C trace context travels with the outbox row, the Kafka record
 * ({@code traceparent} header) and the rows that wait for later work; on only when {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} is set.
 */
package dev.pilot.platform.tracing;
