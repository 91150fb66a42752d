/** One command runs the whole system: embedded Kafka and PostgreSQL, then the three services. */
package dev.pilot.localstack;
