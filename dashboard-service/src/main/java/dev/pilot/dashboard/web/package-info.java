/** The browser pages and their security: authenticated HTML, CSS and JavaScript modules. */
package dev.pilot.dashboard.web;
