/** Whole-system benchmarks against a local Pilot: each class measures one figure. */
package dev.pilot.benchmarks;
