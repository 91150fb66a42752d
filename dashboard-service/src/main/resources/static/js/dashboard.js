import { icons, statusIcon } from './icons.js';
import { connectStream } from './stream.js';
import { allowedCommands } from './commands.js';
import { getJson, postJson, describe, escapeHtml, formatTime, formatDuration, currentUser } from './api.js';
import { keyedList, setHtml } from './keyed-list.js';

/** @type {Map<string, import('./types.js').RunningExecution>} by execution_id */
const running = new Map();
/** @type {Map<string, import('./types.js').RunningExecution>} finished runs, by execution_id */
const activity = new Map();
/** @type {Set<string>} approval ids chosen for a bulk answer */
const selected = new Set();
let total = 0;
let loaded = false;
/** @type {string | null} */
let me = null;
/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const list = $('running-list');

// ---------- running card ----------

/** @typedef {import('./types.js').RunningExecution} RunningExecution */
/** @typedef {import('./types.js').BulkOutcomes} BulkOutcomes */

/** @returns {RunningExecution[]} */
function visibleRows() {
  const text = /** @type {HTMLInputElement} */ ($('filter-text')).value.trim().toLowerCase();
  const status = /** @type {HTMLSelectElement} */ ($('filter-status')).value;
  const rows = [...running.values()].filter(
    (r) =>
      (status === 'all' || r.status === status) &&
      (!text || `${r.agent_name} ${r.step_title}`.toLowerCase().includes(text)),
  );
  /** @param {RunningExecution} r */
  const created = (r) => Date.parse(r.created_at) || 0;
  /** @type {Record<string, (a: RunningExecution, b: RunningExecution) => number>} */
  const sorters = {
    newest: (a, b) => created(b) - created(a),
    oldest: (a, b) => created(a) - created(b),
    progress: (a, b) => b.progress_percentage - a.progress_percentage,
    agent: (a, b) => a.agent_name.localeCompare(b.agent_name),
    attention: (a, b) => Number(b.has_pending_approval) - Number(a.has_pending_approval) || created(b) - created(a),
  };
  return rows.sort(sorters[/** @type {HTMLSelectElement} */ ($('sort')).value] || sorters.newest);
}

/** @param {RunningExecution} row */
function eta(row) {
  if (!row.average_duration_ms || !row.created_at) return '';
  const left = row.average_duration_ms - (Date.now() - Date.parse(row.created_at));
  return left > 0 ? `~${formatDuration(left)} left` : 'finishing soon';
}

/** @param {RunningExecution} row */
function canApprove(row) {
  return row.has_pending_approval && me !== null && row.approvers.includes(me) &&
    !(row.tally ? row.tally.responders : []).includes(me);
}

// Each card is one <li> kept by execution id (keyed-list.js), so a card keeps its identity, and a
// click aimed at it lands on it, however often its run changes.

/**
 * @param {HTMLElement} card
 * @param {string} selector
 * @returns {HTMLElement}
 */
const part = (card, selector) => /** @type {HTMLElement} */ (card.querySelector(selector));

/** @param {string} executionId */
function newCard(executionId) {
  const card = document.createElement('li');
  card.dataset.executionId = executionId;
  card.tabIndex = 0;
  card.innerHTML = `
    <span class="select"></span>
    <span class="status-icon"></span>
    <div class="body">
      <div class="title-line"></div>
      <div class="step-line">
        <span class="step-text"></span>
        <span class="step-title"></span>
        <span class="eta muted"></span>
      </div>
      <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100">
        <div class="progress-fill"></div>
      </div>
    </div>
    <div class="row-actions"><span class="controls"></span>
      <a class="details" href="/executions/${encodeURIComponent(executionId)}">Details</a></div>`;
  return card;
}

/** @param {RunningExecution} row */
function titleHtml(row) {
  const pending = row.has_pending_approval;
  const scheduled = row.trigger === 'schedule' || row.mode === 'scheduled';
  const tally = row.tally && pending
    ? `<span class="tally">${row.tally.approvals} of ${row.tally.total_approvers || row.approvers.length} approved</span>`
    : '';
  return `<span class="agent-name">${escapeHtml(row.agent_name)}</span>
    ${scheduled ? `<span class="badge schedule">${icons.calendar()} Scheduled</span>` : ''}
    ${pending ? '<span class="badge approval">Approval Needed</span>' : ''}
    ${row.status === 'paused' ? '<span class="badge paused">Paused</span>' : ''}
    ${tally}`;
}

/** @param {RunningExecution} row */
function controlsHtml(row) {
  const allowed = allowedCommands(row.status, me !== null && row.owner === me);
  return (allowed.resume ? `<button class="icon-button" data-action="resume" title="Resume">${icons.play()}</button>` : '') +
    (allowed.pause ? `<button class="icon-button" data-action="pause" title="Pause">${icons.pause()}</button>` : '');
}

/**
 * Brings the card up to date with the row, touching only what changed.
 * @param {HTMLLIElement} card
 * @param {RunningExecution} row
 */
function patch(card, row) {
  const pending = row.has_pending_approval;
  const order = row.step_order;
  const pct = Math.max(0, Math.min(100, Math.round(row.progress_percentage)));
  const className = `execution status-${row.status} ${pending ? 'pending clickable' : 'clickable'}`;
  if (card.className !== className) card.className = className;
  card.dataset.status = row.status;
  card.dataset.approvalId = row.approval_id || '';
  setHtml(
    part(card, '.select'),
    canApprove(row)
      ? `<input type="checkbox" class="select-approval" data-approval="${escapeHtml(row.approval_id)}" aria-label="Select for bulk decision">`
      : '',
  );
  const box = /** @type {HTMLInputElement | null} */ (card.querySelector('input.select-approval'));
  if (box) box.checked = selected.has(row.approval_id);
  setHtml(part(card, '.status-icon'), statusIcon(row.status, pending));
  setHtml(part(card, '.title-line'), titleHtml(row));
  setHtml(part(card, '.step-text'), escapeHtml(row.total_steps > 0 ? `Step ${order} of ${row.total_steps} · ${pct}%` : `Step ${order}`));
  setHtml(part(card, '.step-title'), escapeHtml(row.step_title));
  setHtml(part(card, '.eta'), escapeHtml(eta(row)));
  part(card, '.progress').setAttribute('aria-valuenow', String(pct));
  const fill = part(card, '.progress-fill');
  fill.className = `progress-fill ${pending ? 'orange' : row.status === 'paused' ? 'yellow' : 'blue'}`;
  fill.style.width = `${pct}%`;
  setHtml(part(card, '.controls'), controlsHtml(row));
}

// A card moves only between aims: while the pointer moves over the list (and HOLD_MS after), cards
// are patched in place, new runs wait to be shown and ended ones stay, greyed, until it rests or
// leaves, so the list never shifts under a click.
const HOLD_MS = 3000;
let holdUntil = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let holdTimer;
const holding = () => Date.now() < holdUntil;

/** @type {import('./keyed-list.js').KeyedList<RunningExecution>} */
const cards = keyedList(list, (row) => row.execution_id, newCard, patch);

function patchCardsInPlace() {
  for (const [id, card] of cards.items) {
    const row = running.get(id);
    if (row) patch(card, row);
    else card.classList.add('gone');
  }
  return list.children.length;
}

function renderRunning() {
  const shownRows = holding() ? patchCardsInPlace() : cards.show(visibleRows());
  $('running-count').textContent = running.size ? `(${Math.max(total, running.size)})` : '';
  const empty = $('running-empty');
  empty.hidden = shownRows > 0 || !loaded;
  setHtml(empty, running.size === 0
    ? `${icons.checkCircle()}<p>All agents completed — nothing is running.</p>`
    : '<p class="muted">No running agent matches the filter.</p>');
  const approvable = [...running.values()].filter(canApprove);
  for (const id of [...selected]) if (!approvable.some((r) => r.approval_id === id)) selected.delete(id);
  $('bulk-bar').hidden = approvable.length === 0;
  // The header's inbox link counts the approvals waiting for the caller among the listed runs.
  const badge = $('inbox-badge');
  badge.hidden = approvable.length === 0;
  badge.textContent = String(approvable.length);
  $('inbox-link').setAttribute('aria-label', approvable.length ? `Inbox, ${approvable.length} waiting for you` : 'Inbox');
  $('bulk-count').textContent = `${selected.size} selected`;
  /** @type {HTMLInputElement} */ ($('select-all')).checked = approvable.length > 0 && selected.size === approvable.length;
}

// ---------- activity ----------

/** @type {Record<string, string>} */
const FAILURE_WORDS = { rejected: 'rejected', timeout: 'timed out', step_error: 'step error' };

/** @param {string} executionId */
function newActivityItem(executionId) {
  const item = document.createElement('li');
  item.dataset.executionId = executionId;
  item.innerHTML = `
    <span class="status-icon"></span>
    <a class="agent-name" href="/executions/${encodeURIComponent(executionId)}"></a>
    <span class="outcome"></span>
    <span class="error"></span>
    <span class="muted when"></span>`;
  return item;
}

/**
 * @param {HTMLLIElement} item
 * @param {RunningExecution} row
 */
function patchActivity(item, row) {
  const why = row.status === 'failed'
    ? (FAILURE_WORDS[row.failure_reason] || row.failure_reason || 'failed')
    : '';
  const className = `activity-item status-${row.status}`;
  if (item.className !== className) item.className = className;
  setHtml(part(item, '.status-icon'), statusIcon(row.status, false));
  setHtml(part(item, '.agent-name'), escapeHtml(row.agent_name || 'Unknown Agent'));
  setHtml(part(item, '.outcome'), `${escapeHtml(row.status)}${why ? ` · ${escapeHtml(why)}` : ''}`);
  const error = part(item, '.error');
  error.hidden = !row.failure_error;
  setHtml(error, escapeHtml(row.failure_error));
  setHtml(part(item, '.when'), escapeHtml(formatTime(row.finished_at || row.updated_at)));
}

/** @type {import('./keyed-list.js').KeyedList<RunningExecution>} */
const activityItems = keyedList($('activity-list'), (row) => row.execution_id, newActivityItem, patchActivity);

/**
 * Reads recent activity afresh. Called with every snapshot: a run that ended before the stream's
 * snapshot (page load, reconnect) sends no removal, so only this read shows it.
 */
async function loadActivity() {
  try {
    /** @type {RunningExecution[]} */
    const rows = await getJson('/api/activity');
    for (const row of rows) activity.set(row.execution_id, row);
  } catch (e) {
    console.warn('Recent activity unavailable', e);
  }
  renderActivity();
}

function renderActivity() {
  const rows = [...activity.values()]
    .sort((a, b) => (Date.parse(b.finished_at) || 0) - (Date.parse(a.finished_at) || 0))
    .slice(0, 20);
  activityItems.show(rows);
  $('activity-empty').hidden = rows.length > 0;
}

// ---------- notifications ----------

const notifyKey = 'pilot.notifications';
function notificationsOn() {
  return 'Notification' in window && Notification.permission === 'granted' && localStorage.getItem(notifyKey) === 'on';
}
function renderNotifyToggle() {
  const button = $('notify-toggle');
  if (!('Notification' in window)) {
    button.hidden = true;
    return;
  }
  button.innerHTML = `${icons.bell()} ${notificationsOn() ? 'Notifications on' : 'Enable desktop notifications'}`;
  button.classList.toggle('on', notificationsOn());
}
$('notify-toggle').addEventListener('click', async () => {
  if (notificationsOn()) {
    localStorage.setItem(notifyKey, 'off');
  } else {
    const permission = await Notification.requestPermission();
    localStorage.setItem(notifyKey, permission === 'granted' ? 'on' : 'off');
  }
  renderNotifyToggle();
});

/**
 * @param {RunningExecution | undefined} before
 * @param {RunningExecution} after
 */
function maybeNotify(before, after) {
  // Once per approval that newly waits for the caller: a later update of it (a tally) is not new.
  if (!notificationsOn() || !canApprove(after)) return;
  if (before && before.approval_id === after.approval_id && before.has_pending_approval) return;
  const n = new Notification('Approval needed', {
    body: `${after.agent_name}: ${after.step_title || 'an approval step'}${after.approval_reason ? ` — ${after.approval_reason}` : ''}`,
    tag: after.approval_id,
  });
  n.onclick = () => {
    window.focus();
    location.href = '/inbox';
  };
}

// ---------- events ----------

connectStream({
  onSnapshot(snapshot) {
    running.clear();
    for (const row of snapshot.executions || []) running.set(row.execution_id, row);
    total = snapshot.total || running.size;
    loaded = true;
    renderRunning();
    loadActivity();
  },
  onExecution(row) {
    const before = running.get(row.execution_id);
    if (!before) total++;
    running.set(row.execution_id, row);
    maybeNotify(before, row);
    renderRunning();
  },
  onRemoved(row) {
    if (running.delete(row.execution_id)) total = Math.max(0, total - 1);
    // The server decides which statuses end a run (RunStatus); an ended run carries finished_at.
    if (row.finished_at) {
      activity.set(row.execution_id, row);
      renderActivity();
    }
    renderRunning();
  },
  onState(state, detail) {
    const el = $('connection');
    el.dataset.state = state;
    el.className = `connection ${state}`;
    el.textContent =
      state === 'live' ? 'Live'
        : state === 'offline' ? `Offline — showing last data, retrying in ${Math.round(detail.retryInMs / 1000)}s`
          : state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…';
  },
});

// ---------- interactions ----------

list.addEventListener('click', async (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  const item = /** @type {HTMLLIElement | null} */ (target.closest('li.execution'));
  if (!item) return;
  if (target instanceof HTMLInputElement && target.matches('input.select-approval')) {
    const id = target.dataset.approval;
    if (target.checked) selected.add(id);
    else selected.delete(id);
    renderRunning();
    return;
  }
  const action = /** @type {HTMLElement | null} */ (target.closest('[data-action]'));
  if (action) {
    event.stopPropagation();
    try {
      await postJson(`/api/executions/${item.dataset.executionId}/${action.dataset.action}`);
    } catch (e) {
      alert(describe(e));
    }
    return;
  }
  if (target.closest('a')) return;
  location.href = item.dataset.approvalId && item.classList.contains('pending')
    ? `/approvals/${item.dataset.approvalId}`
    : `/executions/${item.dataset.executionId}`;
});
list.addEventListener('keydown', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  if (event.key === 'Enter' && target.matches('li.execution')) target.click();
});
// "i" opens the inbox (the header link says so), unless a field is being typed in.
document.addEventListener('keydown', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  if (event.key !== 'i' || event.ctrlKey || event.metaKey || event.altKey) return;
  if (target.closest('input, textarea, select, [contenteditable]')) return;
  location.href = '/inbox';
});
// While the pointer moves over the list, the cards hold their places (see renderRunning).
list.addEventListener('pointermove', () => {
  const wasHolding = holding();
  holdUntil = Date.now() + HOLD_MS;
  clearTimeout(holdTimer);
  holdTimer = setTimeout(renderRunning, HOLD_MS);
  if (!wasHolding) renderRunning();
});
list.addEventListener('pointerleave', () => {
  holdUntil = 0;
  clearTimeout(holdTimer);
  renderRunning();
});
['filter-text', 'filter-status', 'sort'].forEach((id) => $(id).addEventListener('input', renderRunning));
$('select-all').addEventListener('change', (event) => {
  selected.clear();
  if (/** @type {HTMLInputElement} */ (event.target).checked) {
    for (const r of running.values()) if (canApprove(r)) selected.add(r.approval_id);
  }
  renderRunning();
});

/**
 * Answers every selected approval alike. Each is answered on its own (approval-service), so some
 * may be refused while the others are answered: the result says which, and why.
 * @param {import('./types.js').Decision} decision
 */
async function bulk(decision) {
  if (selected.size === 0) return;
  const ids = [...selected];
  $('bulk-result').textContent = 'Sending…';
  try {
    /** @type {BulkOutcomes} */
    const answer = await postJson('/api/approvals/bulk-responses', {
      approval_ids: ids,
      decision,
      comment: /** @type {HTMLInputElement} */ ($('bulk-comment')).value || undefined,
    });
    const refused = answer.results.filter((o) => o.result !== 'answered');
    const done = `${answer.results.length - refused.length} ${decision === 'approve' ? 'approved' : 'rejected'}`;
    $('bulk-result').textContent = refused.length
      ? `${done}, ${refused.length} not answered: ${refused.map((o) => o.message).join('; ')}`
      : done;
    selected.clear();
    renderRunning();
  } catch (e) {
    $('bulk-result').textContent = describe(e);
  }
}
$('bulk-approve').addEventListener('click', () => bulk('approve'));
$('bulk-reject').addEventListener('click', () => bulk('reject'));

setInterval(renderRunning, 15000); // keeps the ETA current

(async () => {
  me = await currentUser();
  $('user').textContent = me || '';
  renderNotifyToggle();
  renderRunning();
})();
