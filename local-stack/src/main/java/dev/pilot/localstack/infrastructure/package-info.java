/** Kafka and PostgreSQL together: what the services need before they start. */
package dev.pilot.localstack.infrastructure;
