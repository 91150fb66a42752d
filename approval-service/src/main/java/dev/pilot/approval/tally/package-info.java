/** How approvers' answers combine into an outcome: pure Java, no framework. */
package dev.pilot.approval.tally;
