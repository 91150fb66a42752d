/** Reading and writing contract events as JSON, and declaring their topics. */
package dev.pilot.platform.events;
