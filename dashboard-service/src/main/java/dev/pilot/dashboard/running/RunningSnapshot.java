package dev.pilot.dashboard.running;

import java.util.List;

/** The first thing a dashboard gets: up to {@code limit} running executions and the total. */
public record RunningSnapshot(List<RunningExecution> executions, long total, int limit) {}
