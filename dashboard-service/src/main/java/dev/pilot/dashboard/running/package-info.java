/** The running-executions read model as the browser sees it, and its JSON API. */
package dev.pilot.dashboard.running;
