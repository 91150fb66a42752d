/** Pushes the change feed to browsers over server-sent events: snapshot first, then deltas. */
package dev.pilot.dashboard.stream;
