/**
 * Stored HTTP answers shared by a service's own tests (which check their real answers against them)
 * and the dashboard's browser-test fakes (which serve them), so a fake cannot drift from the API it
 * stands in for.
 */
package dev.pilot.testsupport.api;
