/**
 * Approval requests: created from execution events, stored with their responses, resolved exactly
 * once, and announced on approval-events through the outbox.
 */
package dev.pilot.approval.request;
