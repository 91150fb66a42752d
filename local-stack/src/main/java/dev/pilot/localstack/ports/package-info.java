/** Checks, before anything starts, that every fixed port is free, naming what needs a taken one. */
package dev.pilot.localstack.ports;
