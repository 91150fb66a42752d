/**
 * The published event contract: topics, envelope, and one record per event type. The same events
 * are described for other languages by the JSON Schemas under {@code schemas/v1} and by {@code
 * asyncapi.yaml} on this jar's classpath; {@code contracts/README.md} states ordering, delivery and
 * the compatibility rule. Contract tests fail when a record and its schema disagree.
 */
package dev.pilot.contracts;
