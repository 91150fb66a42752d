/** Consumes approval-events: an approval's outcome moves the execution waiting on it. */
package dev.pilot.execution.approval;
