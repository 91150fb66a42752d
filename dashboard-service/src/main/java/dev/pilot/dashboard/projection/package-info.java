/**
 * Builds the read model from execution-events and approval-events, idempotently and order-safely,
 * and records every visible change in the change feed.
 */
package dev.pilot.dashboard.projection;
