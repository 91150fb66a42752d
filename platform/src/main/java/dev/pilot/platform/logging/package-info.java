/** Log lines name what they are about: execution_id, approval_id, agent_id as structured fields. */
package dev.pilot.platform.logging;
