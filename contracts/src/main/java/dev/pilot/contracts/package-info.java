/** The published event contract: topics, envelope, and one record per event type. */
package dev.pilot.contracts;
