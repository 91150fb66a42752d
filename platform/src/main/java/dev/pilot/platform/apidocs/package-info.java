/**
 * The conventions every served API description follows: who may call (security schemes), how errors
 * look (problem+json per documented status) and examples from {@code openapi-examples/}.
 */
package dev.pilot.platform.apidocs;
