// The approver's inbox: every approval waiting for the caller's answer, oldest request first, kept
// live by the dashboard's stream. The server decides what belongs here (GET /api/inbox and
// /api/inbox/{id}); a stream event only says which approval to ask about again. Answers go to the
// approval API through the dashboard's gateway, with the revision of the proposal on screen.

import { connectStream } from './stream.js';
import { ApiError, getJson, postJson, describe, escapeHtml, formatDuration, formatTime, currentUser } from './api.js';
import { proposalElement } from './data-view.js';

/** @typedef {import('./types.js').PendingApproval} PendingApproval */
/** @typedef {import('./types.js').ApprovalView} ApprovalView */
/** @typedef {import('./types.js').Decision} Decision */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const list = $('inbox-list');

/** @type {Map<string, PendingApproval>} by approval_id */
const pending = new Map();
/** @type {string | null} the selected approval */
let selectedId = null;
/** @type {{id: string, view: ApprovalView} | null} the selected approval as approval-service has it */
let detail = null;
let loaded = false;
let answering = false;
/** @type {Set<string>} approvals answered on this page: a late stream event does not bring them back */
const answered = new Set();
/** @type {string | null} */
let me = null;

/** Oldest request first, as the server orders them. */
function ordered() {
  return [...pending.values()].sort(
    (a, b) => (Date.parse(a.requested_at) || 0) - (Date.parse(b.requested_at) || 0)
      || a.execution_id.localeCompare(b.execution_id),
  );
}

/** @param {PendingApproval} item */
function timeLeft(item) {
  if (!item.expires_at) return { text: 'no time limit', expired: false };
  const left = Date.parse(item.expires_at) - Date.now();
  return left > 0 ? { text: `${formatDuration(left)} left`, expired: false } : { text: 'expired', expired: true };
}

/** @param {PendingApproval} item */
function itemHtml(item) {
  const t = item.tally;
  const left = timeLeft(item);
  return `
    <div class="title-line">
      <span class="agent-name">${escapeHtml(item.agent_name || 'Unknown Agent')}</span>
      <span class="step-title">${escapeHtml(item.step_title || item.step_id)}</span>
      <span class="tally">${t.approvals} of ${t.total_approvers} approved${t.rejections ? `, ${t.rejections} rejected` : ''} · ${escapeHtml(item.approval_type)}</span>
      <span class="time-left${left.expired ? ' expired' : ''}" title="Expires ${escapeHtml(formatTime(item.expires_at))}">${escapeHtml(left.text)}</span>
    </div>
    <div class="reason">${escapeHtml(item.reason || '')}</div>
    ${item.proposal_summary ? `<code class="proposal-summary">${escapeHtml(item.proposal_summary)}</code>` : ''}
    <div class="muted requested">requested ${escapeHtml(formatTime(item.requested_at))} by ${escapeHtml(item.owner || '—')}</div>`;
}

function render() {
  const items = ordered();
  if (selectedId && !pending.has(selectedId)) selectedId = null;
  if (!selectedId && items.length) selectedId = items[0].approval_id;
  list.innerHTML = items
    .map((item) => `<li id="item-${escapeHtml(item.approval_id)}" class="inbox-item${item.approval_id === selectedId ? ' selected' : ''}"
        role="option" aria-selected="${item.approval_id === selectedId}" data-approval-id="${escapeHtml(item.approval_id)}">${itemHtml(item)}</li>`)
    .join('');
  if (selectedId) list.setAttribute('aria-activedescendant', `item-${selectedId}`);
  else list.removeAttribute('aria-activedescendant');
  $('inbox-count').textContent = items.length ? `(${items.length})` : '';
  const empty = $('inbox-empty');
  empty.hidden = items.length > 0 || !loaded;
  empty.textContent = 'Nothing waits for your answer.';
  showDetail();
}

/** Keeps the countdowns current without re-rendering the list. */
function tick() {
  for (const el of list.querySelectorAll('li.inbox-item')) {
    const item = pending.get(/** @type {HTMLElement} */ (el).dataset.approvalId);
    const span = el.querySelector('.time-left');
    if (!item || !span) continue;
    const left = timeLeft(item);
    if (span.textContent !== left.text) span.textContent = left.text;
    span.classList.toggle('expired', left.expired);
  }
}

// ---------- the selected approval ----------

function showDetail() {
  const section = $('inbox-detail');
  const item = selectedId ? pending.get(selectedId) : null;
  section.hidden = !item;
  if (!item) return;
  $('detail-title').textContent = `${item.agent_name || 'Unknown Agent'} · ${item.step_title || item.step_id}`;
  /** @type {HTMLAnchorElement} */ ($('detail-open')).href = `/approvals/${encodeURIComponent(item.approval_id)}`;
  const box = $('detail-proposal');
  if (!detail || detail.id !== item.approval_id) {
    box.dataset.for = '';
    box.textContent = 'Loading the proposal…';
    loadDetail(item.approval_id);
    return;
  }
  if (box.dataset.for === `${detail.id}:${detail.view.revision}`) return;
  box.dataset.for = `${detail.id}:${detail.view.revision}`;
  box.textContent = '';
  if (detail.view.proposal == null) {
    box.innerHTML = '<p class="muted">This step proposes nothing: approve or reject it as it is.</p>';
  } else {
    const heading = document.createElement('h3');
    heading.textContent = `Proposal, revision ${detail.view.revision}`;
    box.append(heading, proposalElement(detail.view.proposal));
  }
}

/** @type {Map<string, Promise<ApprovalView | null>>} */
const loading = new Map();

/**
 * The approval as approval-service has it now (its current revision), shown when still selected.
 * @param {string} id
 * @returns {Promise<ApprovalView | null>}
 */
function loadDetail(id) {
  if (!loading.has(id)) {
    loading.set(id, getJson(`/api/approvals/${encodeURIComponent(id)}`)
      .then((/** @type {ApprovalView} */ view) => {
        if (selectedId === id) {
          detail = { id, view };
          showDetail();
        }
        return view;
      })
      .catch(/** @returns {null} */ (/** @type {unknown} */ e) => {
        if (selectedId === id) $('detail-proposal').textContent = describe(e);
        return null;
      })
      .finally(() => loading.delete(id)));
  }
  return loading.get(id);
}

/** @param {string | null} id */
function select(id) {
  if (id === selectedId) return;
  selectedId = id;
  /** @type {HTMLTextAreaElement} */ ($('detail-comment')).value = '';
  render();
  const el = selectedId ? document.getElementById(`item-${selectedId}`) : null;
  if (el) el.scrollIntoView({ block: 'nearest' });
}

/** @param {number} step +1 the next (younger) approval, -1 the previous one */
function move(step) {
  const items = ordered();
  if (!items.length) return;
  const at = items.findIndex((i) => i.approval_id === selectedId);
  const next = Math.max(0, Math.min(items.length - 1, (at < 0 ? 0 : at + step)));
  select(items[next].approval_id);
}

/** @param {string} message @param {'success' | 'error'} kind */
function say(message, kind) {
  const result = $('inbox-result');
  result.className = kind;
  result.textContent = message;
}

/**
 * Why an answer was refused, in the words an approver needs.
 * @param {unknown} e
 */
function refusal(e) {
  if (e instanceof ApiError && e.status === 403) return `You may not answer this approval: ${describe(e)}`;
  if (e instanceof ApiError && e.status === 409) return `This approval changed before your answer arrived: ${describe(e)}`;
  if (e instanceof ApiError && e.status === 404) return 'This approval no longer exists.';
  return describe(e);
}

/**
 * Answers the selected approval (the revision on screen), then moves on to the following one.
 * @param {Decision} decision
 */
async function answer(decision) {
  const id = selectedId;
  const item = id ? pending.get(id) : null;
  if (!id || !item || answering) return;
  answering = true;
  document.querySelectorAll('#inbox-detail button').forEach((b) => (/** @type {HTMLButtonElement} */ (b).disabled = true));
  try {
    const view = detail && detail.id === id ? detail.view : await loadDetail(id);
    /** @type {{decision: Decision, comment?: string, revision?: number}} */
    const body = { decision };
    const comment = /** @type {HTMLTextAreaElement} */ ($('detail-comment')).value.trim();
    if (comment) body.comment = comment;
    if (view && view.proposal != null) body.revision = view.revision;
    await postJson(`/api/approvals/${encodeURIComponent(id)}/responses`, body);
    answered.add(id);
    say(`${decision === 'approve' ? 'Approved' : 'Rejected'}: ${item.agent_name} · ${item.step_title || item.step_id}`, 'success');
    // "Next": the approval after this one (or the one before it, when it was the last).
    const items = ordered();
    const at = items.findIndex((i) => i.approval_id === id);
    const following = items[at + 1] || items[at - 1] || null;
    pending.delete(id);
    select(following ? following.approval_id : null);
    render();
  } catch (e) {
    say(refusal(e), 'error');
    if (e instanceof ApiError && (e.status === 409 || e.status === 404)) {
      detail = null;
      refresh(id);
    }
  } finally {
    answering = false;
    document.querySelectorAll('#inbox-detail button').forEach((b) => (/** @type {HTMLButtonElement} */ (b).disabled = false));
  }
}

// ---------- the list, live ----------

async function loadAll() {
  try {
    /** @type {import('./types.js').Inbox} */
    const inbox = await getJson('/api/inbox');
    pending.clear();
    for (const item of inbox.approvals) if (!answered.has(item.approval_id)) pending.set(item.approval_id, item);
    loaded = true;
    detail = null;
    render();
  } catch (e) {
    say(`The inbox could not be read: ${describe(e)}`, 'error');
  }
}

/**
 * Asks again whether one approval waits for the caller: updated when it does, dropped when not.
 * @param {string} id
 */
async function refresh(id) {
  try {
    /** @type {PendingApproval} */
    const item = await getJson(`/api/inbox/${encodeURIComponent(id)}`);
    if (!answered.has(id)) pending.set(id, item);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) return;
    pending.delete(id);
  }
  render();
}

/**
 * A card of the dashboard's stream changed: the approval it names (and any earlier approval of
 * the same run listed here) is asked about again.
 * @param {import('./types.js').RunningExecution} row
 */
function onCard(row) {
  for (const item of pending.values()) {
    if (item.execution_id === row.execution_id && item.approval_id !== row.approval_id) refresh(item.approval_id);
  }
  if (row.approval_id && (pending.has(row.approval_id) || (row.has_pending_approval && me !== null && row.approvers.includes(me)))) {
    refresh(row.approval_id);
  }
}

connectStream({
  onSnapshot() {
    loadAll();
  },
  onExecution: onCard,
  onRemoved(row) {
    for (const item of [...pending.values()]) if (item.execution_id === row.execution_id) pending.delete(item.approval_id);
    render();
  },
  onState(state, info) {
    const el = $('connection');
    el.dataset.state = state;
    el.className = `connection ${state}`;
    el.textContent =
      state === 'live' ? 'Live'
        : state === 'offline' ? `Offline — retrying in ${Math.round(info.retryInMs / 1000)}s`
          : state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…';
  },
});

// ---------- keyboard and pointer ----------

/** @type {Record<string, () => void>} */
const SHORTCUTS = {
  j: () => move(1),
  n: () => move(1),
  ArrowDown: () => move(1),
  k: () => move(-1),
  p: () => move(-1),
  ArrowUp: () => move(-1),
  a: () => answer('approve'),
  r: () => answer('reject'),
  c: () => $('detail-comment').focus(),
  o: () => {
    if (selectedId) location.href = `/approvals/${encodeURIComponent(selectedId)}`;
  },
};

document.addEventListener('keydown', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  // Typing a comment (or anything else) never triggers a shortcut; Escape leaves the field.
  if (target.closest('input, textarea, select, [contenteditable]')) {
    if (event.key === 'Escape') target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const action = SHORTCUTS[event.key];
  if (!action) return;
  event.preventDefault();
  action();
});

list.addEventListener('click', (event) => {
  const li = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest('li.inbox-item'));
  if (li) select(li.dataset.approvalId);
});
$('detail-approve').addEventListener('click', () => answer('approve'));
$('detail-reject').addEventListener('click', () => answer('reject'));
$('detail-next').addEventListener('click', () => move(1));

setInterval(tick, 1000);

(async () => {
  me = await currentUser();
  $('user').textContent = me || '';
})();
