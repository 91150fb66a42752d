/** Real Kafka and PostgreSQL for tests, chosen once per JVM: containers or the embedded pair. */
package dev.pilot.testsupport;
