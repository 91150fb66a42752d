/** Support every service uses the same way; each sub-package is one auto-configured concern. */
package dev.pilot.platform;
