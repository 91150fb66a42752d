/** Agents: their definition, validation, storage and HTTP API; only the owner changes one. */
package dev.pilot.execution.agent;
