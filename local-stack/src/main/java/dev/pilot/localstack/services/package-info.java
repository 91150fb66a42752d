/** The services as child processes: start, wait until healthy, stop, kill. */
package dev.pilot.localstack.services;
