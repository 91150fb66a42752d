/** Rebuilds the read model from the beginning of both topics. */
package dev.pilot.dashboard.rebuild;
