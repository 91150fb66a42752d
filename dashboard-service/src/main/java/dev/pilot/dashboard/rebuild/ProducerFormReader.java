package dev.pilot.dashboard.rebuild;

import static dev.pilot.dashboard.rebuild.Fields.Field.AGENT_ID;
import static dev.pilot.dashboard.rebuild.Fields.Field.AGENT_NAME;
import static dev.pilot.dashboard.rebuild.Fields.Field.APPROVALS;
import static dev.pilot.dashboard.rebuild.Fields.Field.APPROVAL_ID;
import static dev.pilot.dashboard.rebuild.Fields.Field.APPROVAL_TYPE;
import static dev.pilot.dashboard.rebuild.Fields.Field.APPROVER;
import static dev.pilot.dashboard.rebuild.Fields.Field.APPROVERS;
import static dev.pilot.dashboard.rebuild.Fields.Field.ATTEMPT;
import static dev.pilot.dashboard.rebuild.Fields.Field.COMMENT;
import static dev.pilot.dashboard.rebuild.Fields.Field.COMPLETED_STEPS;
import static dev.pilot.dashboard.rebuild.Fields.Field.CONTEXT;
import static dev.pilot.dashboard.rebuild.Fields.Field.DECISION;
import static dev.pilot.dashboard.rebuild.Fields.Field.DESCRIPTION;
import static dev.pilot.dashboard.rebuild.Fields.Field.DURATION_MS;
import static dev.pilot.dashboard.rebuild.Fields.Field.EVENT_ID;
import static dev.pilot.dashboard.rebuild.Fields.Field.EVENT_TYPE;
import static dev.pilot.dashboard.rebuild.Fields.Field.EXECUTION_ID;
import static dev.pilot.dashboard.rebuild.Fields.Field.EXECUTION_STARTED_AT;
import static dev.pilot.dashboard.rebuild.Fields.Field.EXPIRES_AT;
import static dev.pilot.dashboard.rebuild.Fields.Field.ID;
import static dev.pilot.dashboard.rebuild.Fields.Field.MODE;
import static dev.pilot.dashboard.rebuild.Fields.Field.OCCURRED_AT;
import static dev.pilot.dashboard.rebuild.Fields.Field.OUTCOME;
import static dev.pilot.dashboard.rebuild.Fields.Field.OWNER;
import static dev.pilot.dashboard.rebuild.Fields.Field.PILOT_STEPS;
import static dev.pilot.dashboard.rebuild.Fields.Field.PREVENT_SELF_APPROVAL;
import static dev.pilot.dashboard.rebuild.Fields.Field.REASON;
import static dev.pilot.dashboard.rebuild.Fields.Field.REJECTIONS;
import static dev.pilot.dashboard.rebuild.Fields.Field.RESPONDED_AT;
import static dev.pilot.dashboard.rebuild.Fields.Field.RESPONSES;
import static dev.pilot.dashboard.rebuild.Fields.Field.SCHEMA_VERSION;
import static dev.pilot.dashboard.rebuild.Fields.Field.SEQUENCE;
import static dev.pilot.dashboard.rebuild.Fields.Field.STATUS;
import static dev.pilot.dashboard.rebuild.Fields.Field.STEP_ID;
import static dev.pilot.dashboard.rebuild.Fields.Field.STEP_ORDER;
import static dev.pilot.dashboard.rebuild.Fields.Field.STEP_TITLE;
import static dev.pilot.dashboard.rebuild.Fields.Field.TITLE;
import static dev.pilot.dashboard.rebuild.Fields.Field.TOTAL_APPROVERS;
import static dev.pilot.dashboard.rebuild.Fields.Field.TOTAL_STEPS;
import static dev.pilot.dashboard.rebuild.Fields.Field.TRIGGER;
import static dev.pilot.dashboard.rebuild.Fields.Field.TYPE;
import static dev.pilot.dashboard.rebuild.Fields.bits;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.PilotStepSummary;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.approval.ApprovalResponseRecorded;
import dev.pilot.contracts.execution.ApprovalContext;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionCompleted;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionStarted;
import dev.pilot.contracts.execution.StepCompleted;
import dev.pilot.contracts.execution.StepStarted;
import dev.pilot.platform.events.EventCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads every event of a benchmark run — the step events, {@code ExecutionStarted}, {@code
 * ApprovalRequested}, {@code ApprovalResponseRecorded} and {@code ApprovalResolved} — straight from
 * the JSON tokens ({@link Fields}), at a fraction of the cost of binding them (decoding is the
 * rebuild's largest stage, and the services run C1-compiled code). Only the form the producers
 * write is taken here: every field of the record present once, of its JSON type, no nulls, nothing
 * unknown besides {@code schema_version}, nothing the producers leave out when unused (proposals,
 * groups, revisions, policies), ids and instants in their canonical text, enums by their JSON
 * names. Anything else goes to {@link EventCodec}, which binds it or refuses it as the live
 * consumers do; so what is read is what the codec reads, and the tests hold the two to that.
 */
final class ProducerFormReader {

  private static final JsonFactory JSON = new JsonFactory();

  private static final long ENVELOPE =
      bits(EVENT_TYPE, EVENT_ID, OCCURRED_AT, EXECUTION_ID, SEQUENCE);
  private static final long STEP = ENVELOPE | bits(STEP_ID, STEP_TITLE, STEP_ORDER, TOTAL_STEPS);
  private static final long TALLY = bits(APPROVALS, REJECTIONS, TOTAL_APPROVERS);
  private static final long TOP = SCHEMA_VERSION.bit();

  // The fields each event and nested object must have (besides those it may have).
  private static final long STEP_STARTED = STEP | ATTEMPT.bit();
  private static final long STEP_COMPLETED = STEP | COMPLETED_STEPS.bit();
  private static final long EXECUTION_COMPLETED = ENVELOPE | bits(TOTAL_STEPS, DURATION_MS);
  private static final long EXECUTION_STARTED =
      ENVELOPE | bits(AGENT_ID, AGENT_NAME, OWNER, MODE, TRIGGER, PILOT_STEPS);
  private static final long APPROVAL_REQUESTED =
      STEP
          | bits(
              APPROVAL_ID,
              APPROVERS,
              APPROVAL_TYPE,
              EXPIRES_AT,
              REASON,
              OWNER,
              PREVENT_SELF_APPROVAL,
              CONTEXT);
  private static final long RESPONSE_RECORDED =
      ENVELOPE | TALLY | bits(APPROVAL_ID, APPROVER, DECISION, APPROVAL_TYPE);
  private static final long RESOLVED =
      ENVELOPE | TALLY | bits(APPROVAL_ID, STEP_ID, OUTCOME, RESPONSES);
  private static final long STEP_SUMMARY = bits(ID, TITLE, TYPE);
  private static final long CONTEXT_STEP = bits(ID, TITLE, TYPE, STATUS);
  private static final long APPROVAL_CONTEXT =
      bits(AGENT_ID, AGENT_NAME, MODE, TRIGGER, EXECUTION_STARTED_AT, PILOT_STEPS);
  private static final long RESPONSE = bits(APPROVER, DECISION, RESPONDED_AT);

  /** Not in the producers' form after all; thrown without a stack, caught in {@link #quickly}. */
  private static final RuntimeException UNUSUAL = new RuntimeException(null, null, false, false) {};

  /** Each enum's constants by their {@code @JsonProperty} names, the only text the codec reads. */
  private static final ClassValue<Map<String, Enum<?>>> JSON_NAMES =
      new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
          Map<String, Enum<?>> names = new HashMap<>();
          for (Object constant : type.getEnumConstants()) {
            Enum<?> value = (Enum<?>) constant;
            try {
              JsonProperty name = type.getField(value.name()).getAnnotation(JsonProperty.class);
              if (name != null) {
                names.put(name.value(), value);
              }
            } catch (NoSuchFieldException impossible) {
              throw new IllegalStateException(impossible);
            }
          }
          return Map.copyOf(names);
        }
      };

  private final EventCodec codec;

  ProducerFormReader(EventCodec codec) {
    this.codec = codec;
  }

  /** As {@link EventCodec#readExecutionEvent}: the same event, or the same refusal. */
  Optional<ExecutionEvent> readExecutionEvent(byte[] json) {
    return quickly(json) instanceof ExecutionEvent event
        ? Optional.of(event)
        : codec.readExecutionEvent(json);
  }

  /** As {@link EventCodec#readApprovalEvent}: the same event, or the same refusal. */
  Optional<ApprovalEvent> readApprovalEvent(byte[] json) {
    return quickly(json) instanceof ApprovalEvent event
        ? Optional.of(event)
        : codec.readApprovalEvent(json);
  }

  /** The event if the text has the producers' form exactly, else null (the codec decides). */
  static PilotEvent quickly(byte[] json) {
    try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Fields fields = Fields.read(parser);
      return fields == null || parser.nextToken() != null ? null : event(fields);
    } catch (RuntimeException unusual) {
      return null;
    }
  }

  private static PilotEvent event(Fields f) {
    String type = f.text(EVENT_TYPE);
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "StepStarted" ->
          !f.exactly(STEP_STARTED, TOP)
              ? null
              : new StepStarted(
                  f.uuid(EVENT_ID),
                  f.instant(OCCURRED_AT),
                  f.uuid(EXECUTION_ID),
                  f.number(SEQUENCE),
                  f.text(STEP_ID),
                  f.text(STEP_TITLE),
                  f.integer(STEP_ORDER),
                  f.integer(TOTAL_STEPS),
                  f.integer(ATTEMPT));
      case "StepCompleted" ->
          !f.exactly(STEP_COMPLETED, TOP)
              ? null
              : new StepCompleted(
                  f.uuid(EVENT_ID),
                  f.instant(OCCURRED_AT),
                  f.uuid(EXECUTION_ID),
                  f.number(SEQUENCE),
                  f.text(STEP_ID),
                  f.text(STEP_TITLE),
                  f.integer(STEP_ORDER),
                  f.integer(TOTAL_STEPS),
                  f.texts(COMPLETED_STEPS));
      case "ExecutionCompleted" ->
          !f.exactly(EXECUTION_COMPLETED, TOP)
              ? null
              : new ExecutionCompleted(
                  f.uuid(EVENT_ID),
                  f.instant(OCCURRED_AT),
                  f.uuid(EXECUTION_ID),
                  f.number(SEQUENCE),
                  f.integer(TOTAL_STEPS),
                  f.number(DURATION_MS));
      case "ExecutionStarted" ->
          !f.exactly(EXECUTION_STARTED, TOP)
              ? null
              : new ExecutionStarted(
                  f.uuid(EVENT_ID),
                  f.instant(OCCURRED_AT),
                  f.uuid(EXECUTION_ID),
                  f.number(SEQUENCE),
                  f.uuid(AGENT_ID),
                  f.text(AGENT_NAME),
                  f.text(OWNER),
                  named(ExecutionMode.class, f.text(MODE)),
                  named(Trigger.class, f.text(TRIGGER)),
                  each(f.objects(PILOT_STEPS), ProducerFormReader::summary));
      case "ApprovalRequested" ->
          !f.exactly(APPROVAL_REQUESTED, TOP)
              ? null
              : new ApprovalRequested(
                  f.uuid(EVENT_ID),
                  f.instant(OCCURRED_AT),
                  f.uuid(EXECUTION_ID),
                  f.number(SEQUENCE),
                  f.uuid(APPROVAL_ID),
                  f.text(STEP_ID),
                  f.text(STEP_TITLE),
                  f.integer(STEP_ORDER),
                  f.integer(TOTAL_STEPS),
                  f.texts(APPROVERS),
                  named(ApprovalType.class, f.text(APPROVAL_TYPE)),
                  f.instant(EXPIRES_AT),
                  f.text(REASON),
                  f.text(OWNER),
                  f.bool(PREVENT_SELF_APPROVAL),
                  context(f.object(CONTEXT)));
      case "ApprovalResponseRecorded" ->
          !f.exactly(RESPONSE_RECORDED, TOP | COMMENT.bit())
              ? null
              : new ApprovalResponseRecorded(
                  f.uuid(EVENT_ID),
                  f.instant(OCCURRED_AT),
                  f.uuid(EXECUTION_ID),
                  f.number(SEQUENCE),
                  f.uuid(APPROVAL_ID),
                  f.text(APPROVER),
                  named(Decision.class, f.text(DECISION)),
                  f.text(COMMENT),
                  named(ApprovalType.class, f.text(APPROVAL_TYPE)),
                  f.integer(APPROVALS),
                  f.integer(REJECTIONS),
                  f.integer(TOTAL_APPROVERS));
      case "ApprovalResolved" ->
          !f.exactly(RESOLVED, TOP)
              ? null
              : new ApprovalResolved(
                  f.uuid(EVENT_ID),
                  f.instant(OCCURRED_AT),
                  f.uuid(EXECUTION_ID),
                  f.number(SEQUENCE),
                  f.uuid(APPROVAL_ID),
                  f.text(STEP_ID),
                  named(ApprovalOutcome.class, f.text(OUTCOME)),
                  f.integer(APPROVALS),
                  f.integer(REJECTIONS),
                  f.integer(TOTAL_APPROVERS),
                  each(f.objects(RESPONSES), ProducerFormReader::response));
      default -> null;
    };
  }

  private static PilotStepSummary summary(Fields f) {
    require(f.exactly(STEP_SUMMARY, 0));
    return new PilotStepSummary(f.text(ID), f.text(TITLE), named(StepType.class, f.text(TYPE)));
  }

  private static ApprovalContext context(Fields f) {
    require(f.exactly(APPROVAL_CONTEXT, DESCRIPTION.bit()));
    return new ApprovalContext(
        f.uuid(AGENT_ID),
        f.text(AGENT_NAME),
        f.text(DESCRIPTION),
        named(ExecutionMode.class, f.text(MODE)),
        named(Trigger.class, f.text(TRIGGER)),
        f.instant(EXECUTION_STARTED_AT),
        each(f.objects(PILOT_STEPS), ProducerFormReader::contextStep));
  }

  private static ApprovalContext.Step contextStep(Fields f) {
    require(f.exactly(CONTEXT_STEP, 0));
    return new ApprovalContext.Step(
        f.text(ID),
        f.text(TITLE),
        named(StepType.class, f.text(TYPE)),
        named(StepStatus.class, f.text(STATUS)));
  }

  private static ApprovalResolved.Response response(Fields f) {
    require(f.exactly(RESPONSE, COMMENT.bit()));
    return new ApprovalResolved.Response(
        f.text(APPROVER),
        named(Decision.class, f.text(DECISION)),
        f.text(COMMENT),
        f.instant(RESPONDED_AT));
  }

  private static <T> List<T> each(List<Fields> objects, Function<Fields, T> read) {
    List<T> all = new ArrayList<>(objects.size());
    objects.forEach(object -> all.add(read.apply(object)));
    return all;
  }

  private static void require(boolean producersForm) {
    if (!producersForm) {
      throw UNUSUAL;
    }
  }

  /** The constant named {@code text} in JSON, or not the producers' form. */
  private static <E extends Enum<E>> E named(Class<E> type, String text) {
    E constant = type.cast(JSON_NAMES.get(type).get(text));
    require(constant != null);
    return constant;
  }
}
