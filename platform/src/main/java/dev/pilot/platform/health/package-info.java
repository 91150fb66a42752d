/** A container health check that needs nothing in the image but its Java runtime. */
package dev.pilot.platform.health;
