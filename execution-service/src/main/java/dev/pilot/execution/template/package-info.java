/**
 * Templates in step params: {@code {{ inputs.x }}}, {@code {{ steps.<id>.output.<path> }}}, {@code
 * {{ execution.id }}}, {@code {{ agent.name }}} — found and checked when an agent is saved,
 * resolved against the execution's data before a step runs. References are JSON Pointers into plain
 * data: nothing in a template can run code or reach a class.
 */
package dev.pilot.execution.template;
