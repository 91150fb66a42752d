package dev.pilot.dashboard.running;

import tools.jackson.databind.json.JsonMapper;

/**
 * The start of an agent's proposal as one line for lists (the inbox): text as it is, any other JSON
 * value compact, cut at {@link #MAX_LENGTH} characters with an ellipsis. The whole proposal stays
 * with the approval service; the read model keeps only this.
 */
public final class ProposalSummary {

  public static final int MAX_LENGTH = 200;

  private ProposalSummary() {}

  /** The summary of a proposal as an event carries it, or null when there is none. */
  public static String of(Object proposal) {
    if (proposal == null) {
      return null;
    }
    String text =
        proposal instanceof String s ? s : JsonMapper.shared().writeValueAsString(proposal);
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
  }
}
