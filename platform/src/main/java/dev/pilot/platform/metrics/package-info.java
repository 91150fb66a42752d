/** What an operator watches of the platform's parts: the outbox's backlog and its age. */
package dev.pilot.platform.metrics;
