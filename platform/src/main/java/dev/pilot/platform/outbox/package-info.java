/**
 * Transactional outbox: a state change and its event commit together; the relay publishes them to
 * Kafka in commit order, woken by PostgreSQL NOTIFY, one relaying instance at a time.
 */
package dev.pilot.platform.outbox;
