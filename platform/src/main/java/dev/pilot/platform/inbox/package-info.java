/** Idempotent consumption: each event is applied once per consumer. */
package dev.pilot.platform.inbox;
