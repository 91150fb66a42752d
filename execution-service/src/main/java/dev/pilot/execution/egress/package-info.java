/**
 * The egress policy of steps that call out (http, llm): which hosts and addresses a call may reach,
 * checked after DNS resolution and again on every redirect.
 */
package dev.pilot.execution.egress;
