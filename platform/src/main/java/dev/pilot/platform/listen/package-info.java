/** PostgreSQL LISTEN on a dedicated connection: the one way a service waits for NOTIFY. */
package dev.pilot.platform.listen;
