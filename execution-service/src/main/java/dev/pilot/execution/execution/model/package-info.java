/**
 * The execution aggregate and its state machine: pure Java, no Spring, no web layer (checked by
 * {@code ModularityTest}); transitions return what they caused, the repository stores it.
 */
package dev.pilot.execution.execution.model;
