package dev.pilot.approval.response;

import dev.pilot.contracts.Decision;
import dev.pilot.platform.web.InvalidRequestException;
import dev.pilot.platform.web.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Body of {@code POST /api/approvals/bulk-responses}: one decision for up to 100 approvals. */
record BulkResponseRequest(List<String> approvalIds, Decision decision, String comment) {

  static final int MAX_APPROVALS = 100;
  private static final Pattern UUID_FORM =
      Pattern.compile(
          "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

  /** The ids as UUIDs, in the order given; throws naming every broken field. */
  List<UUID> validIds() {
    List<Violation> violations = new ArrayList<>();
    List<UUID> ids = new ArrayList<>();
    if (approvalIds == null || approvalIds.isEmpty()) {
      violations.add(new Violation("approval_ids", "must name at least one approval"));
    } else if (approvalIds.size() > MAX_APPROVALS) {
      violations.add(
          new Violation("approval_ids", "must name at most " + MAX_APPROVALS + " approvals"));
    } else {
      for (int i = 0; i < approvalIds.size(); i++) {
        String id = approvalIds.get(i);
        if (id != null && UUID_FORM.matcher(id).matches()) {
          ids.add(UUID.fromString(id));
        } else {
          violations.add(new Violation("approval_ids[" + i + "]", "must be a UUID"));
        }
      }
    }
    violations.addAll(ResponseRequest.violations(decision, comment));
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    return ids;
  }
}
