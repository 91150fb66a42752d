/** The execution service: agents, their durable executions, schedules and approvals. */
package dev.pilot.execution;
