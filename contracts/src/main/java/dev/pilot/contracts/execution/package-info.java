/** Events on the {@code execution-events} topic, published by the execution service. */
package dev.pilot.contracts.execution;
