/** JSON data users supply, checked against JSON Schemas they supply, without ever fetching one. */
package dev.pilot.platform.json;
