package dev.pilot.approval.request;

/**
 * The text of a jsonb column. A value type of its own so that Spring Data JDBC reads and writes it
 * with {@link ApprovalPersistence}'s converters (as a jsonb value, not as text).
 */
record Jsonb(String json) {}
