import { icons } from './icons.js';
import { getJson, postJson, describe, escapeHtml, formatTime, currentUser } from './api.js';

/** @typedef {import('./types.js').ApprovalView} ApprovalView */
/** @typedef {import('./types.js').StepStatus} StepStatus */

const approvalId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
const root = /** @type {HTMLElement} */ (document.getElementById('approval'));
/** @type {string | null} */
let me = null;

/** @param {StepStatus | undefined} status */
function stepStatusBadge(status) {
  const s = status || 'pending';
  return `<span class="badge step-status ${escapeHtml(s)}">${escapeHtml(s.replace('_', ' '))}</span>`;
}

/** @param {ApprovalView} a */
function render(a) {
  const ctx = a.context || /** @type {import('./types.js').ApprovalContext} */ ({});
  const steps = ctx.pilot_steps || [];
  const answered = new Map(a.responses.map((r) => [r.approver, r]));
  const status = a.status;
  const mayAnswer = status === 'pending' && me !== null && a.approvers.includes(me) && !answered.has(me);
  root.innerHTML = `
    <div class="card-header">
      <h2>${icons.hand()} Approval: <span id="approval-agent">${escapeHtml(ctx.agent_name || 'Unknown Agent')}</span></h2>
      <span id="approval-status" class="badge status ${escapeHtml(status)}">${escapeHtml(status)}</span>
    </div>
    <dl class="facts">
      <dt>Step</dt><dd id="approval-step">${escapeHtml(a.step_title || a.step_id)}</dd>
      <dt>Reason</dt><dd id="approval-reason">${escapeHtml(a.reason || '—')}</dd>
      <dt>Rule</dt><dd>${escapeHtml(a.approval_type)} · ${a.tally.approvals} of ${a.tally.total_approvers} approved</dd>
      <dt>Requested</dt><dd>${formatTime(a.created_at)}</dd>
      <dt>Expires</dt><dd>${formatTime(a.expires_at)}</dd>
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
              : '<span class="muted">has not answered</span>'}</li>`;
      }).join('')}
    </ul>
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
        <button type="button" id="approve" class="button approve">Approve</button>
        <button type="button" id="reject" class="button reject">Reject</button>
      </div>
    </form>` : `<p class="muted" id="no-decision">${status !== 'pending' ? 'This approval is no longer pending.'
        : me !== null && answered.has(me) ? 'You have answered.' : 'You are not an approver of this request.'}</p>`}
    <p id="decision-result" role="status"></p>`;
  if (mayAnswer) {
    /** @type {HTMLElement} */ (document.getElementById('approve')).addEventListener('click', () => decide('approve'));
    /** @type {HTMLElement} */ (document.getElementById('reject')).addEventListener('click', () => decide('reject'));
  }
}

/** @param {import('./types.js').Decision} decision */
async function decide(decision) {
  const result = /** @type {HTMLElement} */ (document.getElementById('decision-result'));
  /** @param {boolean} disabled */
  const buttons = (disabled) =>
    document.querySelectorAll('#decision-form button').forEach((b) => (/** @type {HTMLButtonElement} */ (b).disabled = disabled));
  buttons(true);
  try {
    const comment = /** @type {HTMLTextAreaElement} */ (document.getElementById('comment')).value.trim();
    /** @type {{decision: string, comment?: string}} */
    const body = { decision };
    if (comment) body.comment = comment;
    await postJson(`/api/approvals/${encodeURIComponent(approvalId)}/responses`, body);
    result.className = 'success';
    result.textContent = `${decision === 'approve' ? 'Approved' : 'Rejected'} — returning to the dashboard…`;
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
