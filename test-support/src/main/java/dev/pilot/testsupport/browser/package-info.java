/** Headless Debian Chromium for browser tests (modules using it add selenium-java themselves). */
package dev.pilot.testsupport.browser;
