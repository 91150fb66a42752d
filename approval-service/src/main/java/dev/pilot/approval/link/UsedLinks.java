package dev.pilot.approval.link;

import dev.pilot.approval.notify.LinkClaims;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The links that recorded an answer: each works once. */
@Repository
class UsedLinks {

  private final JdbcClient jdbc;

  UsedLinks(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean isUsed(UUID tokenId) {
    return jdbc.sql("select exists (select 1 from used_link_tokens where token_id = ?)")
        .param(tokenId)
        .query(Boolean.class)
        .single();
  }

  /**
   * Marks the link used in the caller's transaction; false when it was used before. A concurrent
   * use of the same link waits for this transaction and then finds it used.
   */
  boolean markUsed(LinkClaims claims) {
    return jdbc.sql(
                """
                insert into used_link_tokens (token_id, approval_id, approver)
                values (?, ?, ?) on conflict (token_id) do nothing""")
            .params(claims.tokenId(), claims.approvalId(), claims.approver())
            .update()
        == 1;
  }
}
