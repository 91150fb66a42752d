/**
 * A service's served OpenAPI document as tests use it: equal to the committed one, and the schema
 * every answer of the main flows must match.
 */
package dev.pilot.testsupport.openapi;
