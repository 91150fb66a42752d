/** Who belongs to which approver group, asked when an approval step is reached. */
package dev.pilot.execution.directory;
