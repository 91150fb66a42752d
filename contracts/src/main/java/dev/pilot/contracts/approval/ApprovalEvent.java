package dev.pilot.contracts.approval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pilot.contracts.PilotEvent;
import java.util.UUID;

/** An event on {@code approval-events}. Unknown fields are ignored: they may be added in v1. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "event_type")
@JsonSubTypes({
  @JsonSubTypes.Type(ApprovalResponseRecorded.class),
  @JsonSubTypes.Type(ApprovalResolved.class),
  @JsonSubTypes.Type(ApprovalReminderSent.class),
  @JsonSubTypes.Type(ApprovalEscalated.class)
})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ApprovalEvent extends PilotEvent
    permits ApprovalResponseRecorded, ApprovalResolved, ApprovalReminderSent, ApprovalEscalated {

  @JsonProperty("approval_id")
  UUID approvalId();
}
