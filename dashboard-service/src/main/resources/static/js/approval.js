import { icons } from './icons.js';
import { getJson, postJson, describe, escapeHtml, formatTime, currentUser } from './api.js';
import { proposalElement, showDiff, pretty } from './data-view.js';

/** @typedef {import('./types.js').ApprovalView} ApprovalView */
/** @typedef {import('./types.js').StepStatus} StepStatus */

const approvalId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
const root = /** @type {HTMLElement} */ (document.getElementById('approval'));
/** @type {string | null} */
let me = null;
/** @type {ApprovalView | null} */
let shown = null;

/** @param {StepStatus | undefined} status */
function stepStatusBadge(status) {
  const s = status || 'pending';
  return `<span class="badge step-status ${escapeHtml(s)}">${escapeHtml(s.replace('_', ' '))}</span>`;
}

/**
 * Every stage of the approval in time order: the request, each answer, reminders and the
 * escalation (with those still due while it is pending), and the resolution.
 * @param {ApprovalView} a
 */
function history(a) {
  /** @type {{at: string, id: string, text: string, due?: boolean}[]} */
  const entries = [{ at: a.created_at, id: 'requested', text: `Requested from ${a.approvers.length} approver(s)` }];
  for (const s of a.stages || []) {
    const who = (s.fired_at ? s.notified : s.planned).map(escapeHtml).join(', ') || 'nobody';
    const text = s.kind === 'reminder'
      ? (s.fired_at ? `Reminder ${s.number} sent to ${who}` : `Reminder ${s.number} due`)
      : (s.fired_at ? `Escalated: ${who} may answer too` : `Escalates to ${who}`);
    entries.push({ at: s.fired_at || s.due_at, id: `${s.kind}-${s.number}`, text, due: !s.fired_at });
  }
  for (const r of a.responses) {
    entries.push({ at: r.responded_at, id: `answer-${r.approver}-${r.revision}`,
      text: `${escapeHtml(r.approver)} ${r.decision === 'approve' ? 'approved' : 'rejected'}${r.dismissed ? ' (dismissed)' : ''}` });
  }
  if (a.resolved_at) {
    entries.push({ at: a.resolved_at, id: 'resolved',
      text: `Resolved: ${escapeHtml(a.status)}${a.timed_out ? ' (timed out)' : ''}` });
  }
  entries.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
  return `<h3>History</h3>
    <ol id="approval-history" class="history">
      ${entries.map((e) => `<li data-stage="${escapeHtml(e.id)}" class="${e.due ? 'muted' : ''}">
        <span class="muted">${formatTime(e.at)}</span> ${e.text}</li>`).join('')}
    </ol>`;
}

/** @param {ApprovalView} a */
function render(a) {
  const ctx = a.context || /** @type {import('./types.js').ApprovalContext} */ ({});
  const steps = ctx.pilot_steps || [];
  shown = a;
  // Answers to an earlier revision of the proposal were dismissed: shown, but no longer counted.
  const answered = new Map(a.responses.filter((r) => !r.dismissed).map((r) => [r.approver, r]));
  const dismissed = a.responses.filter((r) => r.dismissed);
  const status = a.status;
  const mayAnswer = status === 'pending' && me !== null && a.approvers.includes(me) && !answered.has(me);
  const hasProposal = a.proposal != null;
  const mayAmend = mayAnswer && hasProposal && a.editable;
  root.innerHTML = `
    <div class="card-header">
      <h2>${icons.hand()} Approval: <span id="approval-agent">${escapeHtml(ctx.agent_name || 'Unknown Agent')}</span></h2>
      <span id="approval-status" class="badge status ${escapeHtml(status)}">${escapeHtml(status)}</span>
    </div>
    ${hasProposal ? `
    <section id="proposal-section" class="proposal">
      <h3>Proposal <span class="badge" id="proposal-revision">revision ${a.revision}</span>
        ${a.editable ? '<span class="muted">approvers may amend it</span>' : ''}</h3>
      <div id="proposal"></div>
    </section>` : ''}
    <dl class="facts">
      <dt>Step</dt><dd id="approval-step">${escapeHtml(a.step_title || a.step_id)}</dd>
      <dt>Reason</dt><dd id="approval-reason">${escapeHtml(a.reason || '—')}</dd>
      <dt>Rule</dt><dd>${escapeHtml(a.approval_type)} · ${a.tally.approvals} of ${a.tally.total_approvers} approved</dd>
      ${(a.approver_groups || []).length ? `<dt>Groups</dt><dd id="approval-groups">${a.approver_groups.map((g) =>
        `${escapeHtml(g.group)} <span class="muted">(${g.members.map(escapeHtml).join(', ') || 'nobody'})</span>`).join(', ')}</dd>` : ''}
      <dt>Requested</dt><dd>${formatTime(a.created_at)}</dd>
      <dt>Expires</dt><dd>${formatTime(a.expires_at)}${a.on_timeout && a.on_timeout !== 'fail'
        ? ` <span class="muted" id="approval-on-timeout">then ${a.on_timeout === 'approve' ? 'approved' : 'rejected'} automatically</span>` : ''}</dd>
      ${ctx.description ? `<dt>Agent</dt><dd>${escapeHtml(ctx.description)}</dd>` : ''}
    </dl>
    <h3>Approvers</h3>
    <ul id="approvers" class="approvers">
      ${a.approvers.map((name) => {
        const r = answered.get(name);
        return `<li data-approver="${escapeHtml(name)}"><strong>${escapeHtml(name)}</strong>
          ${r ? `<span class="badge decision ${escapeHtml(r.decision)}">${escapeHtml(r.decision)}</span>
                 <span class="muted">${formatTime(r.responded_at)}</span>
                 ${r.comment ? `<q>${escapeHtml(r.comment)}</q>` : ''}`
              : '<span class="muted">has not answered</span>'}
          ${r && hasProposal ? `<span class="muted">(revision ${r.revision})</span>` : ''}</li>`;
      }).join('')}
    </ul>
    ${dismissed.length ? `<h3>Dismissed answers</h3>
    <ul id="dismissed" class="approvers">
      ${dismissed.map((r) => `<li class="response dismissed" data-approver="${escapeHtml(r.approver)}">
        <strong>${escapeHtml(r.approver)}</strong> ${escapeHtml(r.decision)} revision ${r.revision}
        <span class="muted">${formatTime(r.responded_at)}</span></li>`).join('')}
    </ul>` : ''}
    ${history(a)}
    <h3>Pilot steps</h3>
    <ol id="pilot-steps" class="steps">
      ${steps.map((s) => `<li data-step-id="${escapeHtml(s.id)}" class="${s.id === a.step_id ? 'current' : ''}">
        <span>${escapeHtml(s.title || s.id)}</span> <span class="muted">${escapeHtml(s.type || '')}</span>
        ${stepStatusBadge(s.status)}</li>`).join('')}
    </ol>
    ${mayAnswer ? `
    <form id="decision-form" class="decision">
      <label for="comment">Comment</label>
      <textarea id="comment" rows="3" placeholder="Why (optional)"></textarea>
      <div class="buttons">
        <button type="button" id="approve" class="button approve">${hasProposal ? 'Approve as is' : 'Approve'}</button>
        ${mayAmend ? '<button type="button" id="approve-with-changes" class="button">Approve with changes</button>' : ''}
        <button type="button" id="reject" class="button reject">Reject</button>
      </div>
      ${mayAmend ? `
      <div id="amend" hidden>
        <label for="proposal-editor">Your amended proposal (JSON)</label>
        <textarea id="proposal-editor" class="proposal-editor" rows="12" spellcheck="false"></textarea>
        <p id="proposal-editor-error" class="error" role="alert"></p>
        <h4>Changes from revision ${a.revision}</h4>
        <pre id="proposal-diff" class="diff"></pre>
        <div class="buttons">
          <button type="button" id="submit-changes" class="button approve">Approve these changes</button>
        </div>
      </div>` : ''}
    </form>` : `<p class="muted" id="no-decision">${status !== 'pending' ? 'This approval is no longer pending.'
        : me !== null && answered.has(me) ? 'You have answered.' : 'You are not an approver of this request.'}</p>`}
    <p id="decision-result" role="status"></p>`;
  if (hasProposal) {
    /** @type {HTMLElement} */ (document.getElementById('proposal')).appendChild(proposalElement(a.proposal));
  }
  if (mayAnswer) {
    /** @type {HTMLElement} */ (document.getElementById('approve')).addEventListener('click', () => decide('approve'));
    /** @type {HTMLElement} */ (document.getElementById('reject')).addEventListener('click', () => decide('reject'));
  }
  if (mayAmend) openEditorOnRequest(a);
}

/**
 * "Approve with changes": an editor holding the current revision, and beside it, as it is typed,
 * how the amendment differs from that revision.
 * @param {ApprovalView} a
 */
function openEditorOnRequest(a) {
  const amend = /** @type {HTMLElement} */ (document.getElementById('amend'));
  const editor = /** @type {HTMLTextAreaElement} */ (document.getElementById('proposal-editor'));
  const diff = /** @type {HTMLElement} */ (document.getElementById('proposal-diff'));
  const error = /** @type {HTMLElement} */ (document.getElementById('proposal-editor-error'));
  const update = () => {
    const parsed = parseProposal(editor.value);
    error.textContent = parsed.error ? `Not valid JSON: ${parsed.error}` : '';
    if (!parsed.error) showDiff(diff, a.proposal, parsed.value);
  };
  /** @type {HTMLElement} */ (document.getElementById('approve-with-changes')).addEventListener('click', () => {
    amend.hidden = false;
    if (!editor.value) editor.value = pretty(a.proposal);
    update();
    editor.focus();
  });
  editor.addEventListener('input', update);
  /** @type {HTMLElement} */ (document.getElementById('submit-changes')).addEventListener('click', () => {
    const parsed = parseProposal(editor.value);
    if (parsed.error) error.textContent = `Not valid JSON: ${parsed.error}`;
    else decide('approve', parsed.value);
  });
}

/**
 * The editor's text as JSON, or why it is not (`error` empty when it is).
 * @param {string} text
 * @returns {{value: import('./types.js').JsonValue, error: string}}
 */
function parseProposal(text) {
  try {
    return { value: JSON.parse(text), error: '' };
  } catch (e) {
    return { value: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Answers the revision on screen; a proposal given is the approver's amendment (next revision).
 * @param {import('./types.js').Decision} decision
 * @param {import('./types.js').JsonValue} [proposal]
 */
async function decide(decision, proposal) {
  const result = /** @type {HTMLElement} */ (document.getElementById('decision-result'));
  /** @param {boolean} disabled */
  const buttons = (disabled) =>
    document.querySelectorAll('#decision-form button').forEach((b) => (/** @type {HTMLButtonElement} */ (b).disabled = disabled));
  buttons(true);
  try {
    const comment = /** @type {HTMLTextAreaElement} */ (document.getElementById('comment')).value.trim();
    /** @type {{decision: string, comment?: string, revision?: number, proposal?: import('./types.js').JsonValue}} */
    const body = { decision };
    if (comment) body.comment = comment;
    if (shown && shown.proposal != null) body.revision = shown.revision;
    if (proposal !== undefined) body.proposal = proposal;
    await postJson(`/api/approvals/${encodeURIComponent(approvalId)}/responses`, body);
    result.className = 'success';
    result.textContent = `${decision === 'reject' ? 'Rejected' : proposal !== undefined ? 'Approved with your changes' : 'Approved'} — returning to the dashboard…`;
    setTimeout(() => (location.href = '/'), 1000);
  } catch (e) {
    result.className = 'error';
    result.textContent = describe(e);
    buttons(false);
  }
}

(async () => {
  me = await currentUser();
  try {
    render(/** @type {ApprovalView} */ (await getJson(`/api/approvals/${encodeURIComponent(approvalId)}`)));
  } catch (e) {
    root.innerHTML = `<p class="error" id="approval-error">${e.status === 404 ? 'No such approval (or it is not yours to see).' : escapeHtml(describe(e))}</p>`;
  }
})();
