/**
 * An embedded PostgreSQL 17 on a fixed port, with data that survives restarts, and the pilot
 * database.
 */
package dev.pilot.localstack.postgres;
