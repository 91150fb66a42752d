/** Demo users and the demo agents seeded once through the execution service's HTTP API. */
package dev.pilot.localstack.demo;
