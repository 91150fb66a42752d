/** Proxies the execution and approval APIs so the browser talks to one origin. */
package dev.pilot.dashboard.gateway;
