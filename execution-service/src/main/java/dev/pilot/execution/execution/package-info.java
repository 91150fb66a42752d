/**
 * Executions: the aggregate and its state machine, the durable work queue in PostgreSQL, the
 * workers that run action steps under a lease, and the HTTP API.
 */
package dev.pilot.execution.execution;
