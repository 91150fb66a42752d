/**
 * The security baseline: everything but health needs an authenticated user; HTTP Basic with
 * configured demo users (local profile) or OAuth2 JWT bearer tokens (production).
 */
package dev.pilot.platform.security;
