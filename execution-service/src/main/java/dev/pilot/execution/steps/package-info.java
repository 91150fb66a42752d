/**
 * Step kinds: what an action step does. One class per kind, discovered as a Spring bean; adding a
 * kind means adding one class.
 */
package dev.pilot.execution.steps;
