package dev.pilot.approval.link;

import dev.pilot.approval.notify.LinkClaims;
import dev.pilot.approval.request.Approval;
import dev.pilot.approval.tally.ApprovalTally;
import dev.pilot.contracts.Decision;
import java.net.URI;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTML of the link pages: one small self-contained document each, no script, every value
 * escaped. What an approver sees before confirming is what the API would show them.
 */
final class LinkPage {

  private static final JsonMapper PRETTY = JsonMapper.builder().build();

  private final URI origin;

  LinkPage(URI origin) {
    this.origin = origin;
  }

  String of(LinkState state, String token) {
    if (state instanceof LinkState.Open open) {
      return confirmation(open.claims(), open.approval(), token);
    }
    if (state instanceof LinkState.Stale stale) {
      return stale(stale.claims(), stale.approval());
    }
    if (state instanceof LinkState.Closed closed) {
      return page(
          "This approval is closed",
          "<p>It is no longer pending: it was <strong>"
              + text(closed.approval().status().value())
              + "</strong>. Nothing was recorded.</p>"
              + details(closed.approval())
              + approvalLink(closed.approval()));
    }
    if (state instanceof LinkState.Used used) {
      return page(
          "This link was already used",
          "<p>Each link records one answer, once. Nothing more was recorded.</p>"
              + approvalLink(used.claims()));
    }
    if (state instanceof LinkState.Expired expired) {
      return page(
          "This link expired",
          "<p>It expired with its approval at "
              + text(expired.claims().expiresAt().toString())
              + ". Nothing was recorded.</p>");
    }
    return page(
        "This link is not valid",
        "<p>It may have been cut short or changed. Nothing was recorded.</p>");
  }

  String recorded(LinkClaims claims, Approval approval) {
    ApprovalTally tally = approval.tally();
    return page(
        claims.decision() == Decision.APPROVE ? "Approved" : "Rejected",
        "<p>Your answer was recorded as <strong>"
            + text(claims.approver())
            + "</strong>. The approval is now <strong>"
            + text(approval.status().value())
            + "</strong> ("
            + tally.approvals()
            + " approved, "
            + tally.rejections()
            + " rejected of "
            + tally.totalApprovers()
            + ").</p>"
            + approvalLink(approval));
  }

  /** An answer the API's rules refused: its status and the API's own words. */
  String refused(String reason) {
    return page("Your answer was not recorded", "<p>" + text(reason) + "</p>");
  }

  private String confirmation(LinkClaims claims, Approval approval, String token) {
    String verb = claims.decision() == Decision.APPROVE ? "Approve" : "Reject";
    return page(
        verb + " as " + claims.approver() + "?",
        "<p>Nothing is recorded until you confirm.</p>"
            + details(approval)
            + "<form method=\"post\" action=\"/approval-links\">"
            + "<input type=\"hidden\" name=\"token\" value=\""
            + text(token)
            + "\">"
            + "<label for=\"comment\">Comment (optional)</label>"
            + "<textarea id=\"comment\" name=\"comment\" maxlength=\"2000\" rows=\"3\"></textarea>"
            + "<button type=\"submit\" class=\""
            + verb.toLowerCase(java.util.Locale.ROOT)
            + "\">Confirm: "
            + verb.toLowerCase(java.util.Locale.ROOT)
            + "</button></form>");
  }

  private String stale(LinkClaims claims, Approval approval) {
    return page(
        "The proposal changed since this link was sent",
        "<p>This link answers revision "
            + claims.revision()
            + " of the proposal; it is now at revision "
            + approval.revision()
            + ". Nothing was recorded. Read the current proposal below and answer it in Pilot.</p>"
            + details(approval)
            + approvalLink(approval));
  }

  private static String details(Approval approval) {
    StringBuilder html = new StringBuilder("<dl>");
    if (approval.context() != null && approval.context().agentName() != null) {
      html.append(term("Agent", approval.context().agentName()));
    }
    html.append(
        term("Step", approval.stepTitle() == null ? approval.stepId() : approval.stepTitle()));
    if (approval.reason() != null) {
      html.append(term("Reason", approval.reason()));
    }
    if (approval.expiresAt() != null) {
      html.append(term("Answer before", approval.expiresAt().toString()));
    }
    html.append("</dl>");
    if (approval.hasProposal()) {
      html.append("<h2>Proposal, revision ")
          .append(approval.revision())
          .append("</h2><pre>")
          .append(text(pretty(approval.proposal())))
          .append("</pre>");
    }
    return html.toString();
  }

  private String approvalLink(Approval approval) {
    return "<p><a href=\""
        + text(approvalPage(approval.approvalId().toString()))
        + "\">Open the approval in Pilot</a></p>";
  }

  private String approvalLink(LinkClaims claims) {
    return "<p><a href=\""
        + text(approvalPage(claims.approvalId().toString()))
        + "\">Open the approval in Pilot</a></p>";
  }

  private String approvalPage(String approvalId) {
    return UriComponentsBuilder.fromUri(origin)
        .path("/approvals/")
        .path(approvalId)
        .build()
        .toUriString();
  }

  private static String term(String name, String value) {
    return "<dt>" + text(name) + "</dt><dd>" + text(value) + "</dd>";
  }

  private static String pretty(JsonNode node) {
    return PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  private static String text(String value) {
    return HtmlUtils.htmlEscape(value == null ? "" : value);
  }

  private static String page(String title, String body) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>%s · Pilot</title>
        <style>
        body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
        dt{font-weight:600}dd{margin:0 0 .5rem}pre{background:#f4f4f4;padding:.75rem;overflow:auto}
        textarea{display:block;width:100%%;margin:.25rem 0 1rem}
        button{font-size:1rem;padding:.5rem 1.25rem;border:0;border-radius:4px;color:#fff}
        .approve{background:#1a7f37}.reject{background:#cf222e}
        </style></head>
        <body><h1>%s</h1>%s</body></html>
        """
        .formatted(text(title), text(title), body);
  }
}
