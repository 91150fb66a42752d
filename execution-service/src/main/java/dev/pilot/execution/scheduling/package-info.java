/** Fires scheduled agents on their cron, exactly once per tick across instances. */
package dev.pilot.execution.scheduling;
