/** The approver API: listing and reading approvals, recording responses one by one or in bulk. */
package dev.pilot.approval.response;
