/** HTTP errors as application/problem+json naming the offending field and the rule it broke. */
package dev.pilot.platform.web;
