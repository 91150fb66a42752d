// The JSON the pages read, as JSDoc types that mirror the Java view records (snake_case, as the
// services write it). `tsc --checkJs` (run by the Maven build) checks every page against them.
// Each type names the stored answer it mirrors (`@fixture file path`, under test-support's
// api-fixtures/): ViewTypesTest checks that the properties here are the fixture's, and the services'
// own tests check that their real answers have the fixture's shape. A field renamed in a record
// thus fails a test until the fixture and this file follow.

export {};

/** @typedef {'running' | 'waiting_approval' | 'paused' | 'completed' | 'failed' | 'cancelled'} ExecutionStatus */
/** @typedef {ExecutionStatus | 'unknown'} RunStatus a card's status (dashboard-service `RunStatus`) */
/** @typedef {'pending' | 'running' | 'waiting_approval' | 'completed' | 'failed' | 'skipped'} StepStatus */
/** @typedef {'action' | 'approval'} StepType */
/** @typedef {'manual' | 'scheduled'} ExecutionMode */
/** @typedef {'manual' | 'schedule'} Trigger */
/** @typedef {'any' | 'all' | 'majority'} ApprovalType */
/** @typedef {'step_error' | 'rejected' | 'timeout'} FailureReason */
/** @typedef {'pending' | 'approved' | 'rejected' | 'timeout' | 'cancelled'} ApprovalStatus */
/** @typedef {'approve' | 'reject'} Decision */

// ---------- dashboard-service: running/RunningExecution, RunningSnapshot ----------

/**
 * One card of the Running Agents list (dashboard-service `RunningExecution`).
 * @fixture dashboard/running-execution.json $
 * @typedef {Object} RunningExecution
 * @property {string} execution_id
 * @property {string | null} agent_id
 * @property {string} agent_name
 * @property {RunStatus} status
 * @property {string | null} current_step
 * @property {string} step_title
 * @property {number} step_order
 * @property {number} total_steps
 * @property {string[]} completed_steps
 * @property {string | null} created_at
 * @property {boolean} has_pending_approval
 * @property {string | null} approval_id
 * @property {number} progress_percentage
 * @property {ExecutionMode | null} mode
 * @property {Trigger | null} trigger
 * @property {string | null} owner
 * @property {string[]} approvers
 * @property {ApprovalType | null} approval_type
 * @property {string | null} approval_reason
 * @property {RunningTally | null} tally
 * @property {string | null} updated_at
 * @property {string | null} finished_at
 * @property {number | null} duration_ms
 * @property {FailureReason | null} failure_reason
 * @property {string | null} failure_error
 * @property {number | null} average_duration_ms
 */

/**
 * Approval answers so far on a card (`RunningExecution.Tally`).
 * @fixture dashboard/running-execution.json $.tally
 * @typedef {Object} RunningTally
 * @property {number} approvals
 * @property {number} rejections
 * @property {number} total_approvers
 * @property {string[]} responders
 */

/**
 * The first event of the stream and the answer of GET /api/running-executions.
 * @typedef {Object} RunningSnapshot
 * @property {RunningExecution[]} executions
 * @property {number} total
 * @property {number} limit
 */

// ---------- dashboard-service: inbox/Inbox, PendingApproval ----------

/**
 * GET /api/inbox: the approvals waiting for the caller's answer, oldest request first
 * (dashboard-service `Inbox`).
 * @fixture dashboard/inbox.json $
 * @typedef {Object} Inbox
 * @property {PendingApproval[]} approvals
 * @property {number} limit
 */

/**
 * One approval waiting for the caller (`PendingApproval`); also GET /api/inbox/{id}, a 404 when it
 * no longer waits for the caller.
 * @fixture dashboard/inbox.json $.approvals[0]
 * @typedef {Object} PendingApproval
 * @property {string} approval_id
 * @property {string} execution_id
 * @property {string | null} agent_id
 * @property {string | null} agent_name
 * @property {string | null} owner
 * @property {string} step_id
 * @property {string | null} step_title
 * @property {ApprovalType} approval_type
 * @property {string | null} reason
 * @property {string[]} approvers
 * @property {string | null} requested_at
 * @property {string | null} expires_at
 * @property {string | null} proposal_summary the start of the agent's proposal (revision 1) as one line
 * @property {RunningTally} tally
 */

/**
 * Any JSON value an agent's data holds (an output, a proposal); its shape is the agent's.
 * @typedef {null | boolean | number | string | object} JsonValue
 */

// ---------- execution-service: execution/ExecutionView ----------

/**
 * GET /api/executions/{id} (execution-service `ExecutionView`).
 * @fixture execution/execution.json $
 * @typedef {Object} ExecutionView
 * @property {string} execution_id
 * @property {string} agent_id
 * @property {string} agent_name
 * @property {string} owner
 * @property {ExecutionMode} mode
 * @property {Trigger} trigger
 * @property {ExecutionStatus} status
 * @property {ExecutionProgress} execution_state
 * @property {StepView[] | null} steps
 * @property {FailureReason | null} failure_reason
 * @property {string | null} failure_step_id
 * @property {string | null} error
 * @property {string} created_at
 * @property {string | null} finished_at
 * @property {number | null} duration_ms
 */

/**
 * `ExecutionView.State`.
 * @fixture execution/execution.json $.execution_state
 * @typedef {Object} ExecutionProgress
 * @property {string | null} current_step
 * @property {string | null} current_step_title
 * @property {string[]} completed_steps
 * @property {number} step_order
 * @property {number} total_steps
 * @property {number} attempt
 * @property {string | null} last_error
 * @property {string | null} approval_id
 * @property {string | null} approval_expires_at
 * @property {boolean} pause_requested
 * @property {string | null} waiting_until while the current step (a delay) waits on its timer
 */

/**
 * One step of the timeline (`ExecutionView.StepView`).
 * @fixture execution/execution.json $.steps[0]
 * @typedef {Object} StepView
 * @property {string} step_id
 * @property {string} title
 * @property {StepType} type
 * @property {StepStatus} status
 * @property {string | null} started_at
 * @property {string | null} finished_at
 * @property {number} attempts
 * @property {string | null} error
 * @property {JsonValue} output what the step produced (http: {status, headers, body}; log: the
 *     message; approval: {outcome, proposal, revision, responses}); null when nothing (yet)
 */

// ---------- approval-service: response/ApprovalView, BulkOutcome ----------

/**
 * GET /api/approvals/{id} (approval-service `ApprovalView`).
 * @fixture approval/approval.json $
 * @typedef {Object} ApprovalView
 * @property {string} approval_id
 * @property {string} execution_id
 * @property {string} step_id
 * @property {string | null} step_title
 * @property {ApprovalType} approval_type
 * @property {ApprovalStatus} status
 * @property {string | null} reason
 * @property {string} owner
 * @property {boolean} prevent_self_approval
 * @property {string[]} approvers
 * @property {ApprovalResponseView[]} responses
 * @property {string[]} answered
 * @property {string[]} awaiting
 * @property {ApprovalTallyView} tally
 * @property {ApprovalContext | null} context
 * @property {string} created_at
 * @property {string | null} expires_at
 * @property {string | null} resolved_at
 * @property {JsonValue} proposal what the agent proposes, at `revision`; null when nothing
 * @property {boolean} editable whether an approver may approve an amended proposal
 * @property {Object | null} proposal_schema the JSON Schema an amended proposal must satisfy
 * @property {number} revision 1 as the agent proposed it, one more per amendment
 * @property {ApprovalGroupMembers[]} approver_groups groups named by the step, members as of the request
 * @property {'fail' | 'reject' | 'approve'} on_timeout what an expiry decides
 * @property {boolean} timed_out whether an expiry decided the outcome
 * @property {ApprovalStageView[]} stages reminders and escalation: fired, and while pending still due
 */

/**
 * The contract's `GroupMembers`: a group and its members when the approval was requested.
 * @fixture approval/approval.json $.approver_groups[0]
 * @typedef {Object} ApprovalGroupMembers
 * @property {string} group
 * @property {string[]} members
 */

/**
 * `ApprovalView.StageView`: a reminder or the escalation of an approval.
 * @fixture approval/approval.json $.stages[0]
 * @typedef {Object} ApprovalStageView
 * @property {'reminder' | 'escalation'} kind
 * @property {number} number 1, 2, … per kind
 * @property {string} due_at
 * @property {string | null} fired_at null while still due
 * @property {string[]} notified who was reminded, or who was added, when it fired
 * @property {string[]} planned the users an escalation adds
 */

/**
 * `ApprovalView.ResponseView`.
 * @fixture approval/approval.json $.responses[0]
 * @typedef {Object} ApprovalResponseView
 * @property {string} approver
 * @property {Decision} decision
 * @property {string | null} comment
 * @property {string} responded_at
 * @property {number} revision the proposal revision this answer answered
 * @property {boolean} dismissed true when a later revision made this answer stale (not counted)
 */

/**
 * `ApprovalView.TallyView`.
 * @fixture approval/approval.json $.tally
 * @typedef {Object} ApprovalTallyView
 * @property {number} approvals
 * @property {number} rejections
 * @property {number} total_approvers
 * @property {number} required_approvals
 * @property {string} required
 * @property {'approved' | 'rejected' | 'pending'} outcome
 */

/**
 * The contract's `ApprovalContext` (nulls left out).
 * @fixture approval/approval.json $.context
 * @typedef {Object} ApprovalContext
 * @property {string} [agent_id]
 * @property {string} [agent_name]
 * @property {string} [description]
 * @property {ExecutionMode} [mode]
 * @property {Trigger} [trigger]
 * @property {string} [execution_started_at]
 * @property {ApprovalContextStep[]} [pilot_steps]
 */

/**
 * `ApprovalContext.Step`.
 * @fixture approval/approval.json $.context.pilot_steps[0]
 * @typedef {Object} ApprovalContextStep
 * @property {string} id
 * @property {string} [title]
 * @property {StepType} [type]
 * @property {StepStatus} [status]
 */

/**
 * POST /api/approvals/bulk-responses (`BulkResponses.Outcomes`).
 * @fixture approval/bulk-responses.json $
 * @typedef {Object} BulkOutcomes
 * @property {BulkOutcome[]} results
 */

/**
 * What became of one approval of a bulk answer (`BulkOutcome`, nulls left out).
 * @fixture approval/bulk-responses.json $.results[0]
 * @typedef {Object} BulkOutcome
 * @property {string} approval_id
 * @property {'answered' | 'forbidden' | 'not_found' | 'conflict'} result
 * @property {string} message
 * @property {ApprovalView} [approval]
 */

// ---------- platform: problem+json ----------

/**
 * An error answer (platform `ProblemHandler`): `errors` on a 400 names each field and rule.
 * @typedef {Object} Problem
 * @property {string} [type]
 * @property {string} [title]
 * @property {number} [status]
 * @property {string} [detail]
 * @property {{field: string, message: string}[]} [errors]
 */
