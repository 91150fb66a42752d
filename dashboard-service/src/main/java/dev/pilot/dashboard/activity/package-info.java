/** Recent activity: executions that completed, failed or were cancelled. */
package dev.pilot.dashboard.activity;
