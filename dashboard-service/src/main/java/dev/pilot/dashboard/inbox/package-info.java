/** The approver's inbox: the approvals waiting for the caller's answer, oldest first. */
package dev.pilot.dashboard.inbox;
