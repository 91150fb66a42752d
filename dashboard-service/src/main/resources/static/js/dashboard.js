import { icons, statusIcon } from './icons.js';
import { connectStream } from './stream.js';
import { getJson, postJson, describe, escapeHtml, formatTime, formatDuration, currentUser } from './api.js';

const running = new Map(); // execution_id -> row
const activity = new Map(); // execution_id -> row
const selected = new Set(); // approval ids
let total = 0;
let loaded = false;
let me = null;
const $ = (id) => document.getElementById(id);

// ---------- running card ----------

function visibleRows() {
  const text = $('filter-text').value.trim().toLowerCase();
  const status = $('filter-status').value;
  const rows = [...running.values()].filter(
    (r) =>
      (status === 'all' || r.status === status) &&
      (!text || `${r.agent_name} ${r.step_title}`.toLowerCase().includes(text)),
  );
  const created = (r) => Date.parse(r.created_at) || 0;
  const sorters = {
    newest: (a, b) => created(b) - created(a),
    oldest: (a, b) => created(a) - created(b),
    progress: (a, b) => (b.progress_percentage || 0) - (a.progress_percentage || 0),
    agent: (a, b) => String(a.agent_name).localeCompare(String(b.agent_name)),
    attention: (a, b) => Number(!!b.has_pending_approval) - Number(!!a.has_pending_approval) || created(b) - created(a),
  };
  return rows.sort(sorters[$('sort').value] || sorters.newest);
}

function eta(row) {
  if (!row.average_duration_ms || !row.created_at) return '';
  const left = row.average_duration_ms - (Date.now() - Date.parse(row.created_at));
  return left > 0 ? `~${formatDuration(left)} left` : 'finishing soon';
}

function canApprove(row) {
  return row.has_pending_approval && me && (row.approvers || []).includes(me) &&
    !((row.tally && row.tally.responders) || []).includes(me);
}

function rowHtml(row) {
  const pending = !!row.has_pending_approval;
  const total = row.total_steps || 0;
  const order = row.step_order || 1;
  const pct = Math.max(0, Math.min(100, Math.round(row.progress_percentage || 0)));
  const stepText = total > 0 ? `Step ${order} of ${total} · ${pct}%` : `Step ${order}`;
  const scheduled = row.trigger === 'schedule' || row.mode === 'scheduled';
  const tally = row.tally && pending
    ? `<span class="tally">${row.tally.approvals || 0} of ${row.tally.total_approvers || (row.approvers || []).length} approved</span>`
    : '';
  const controls = row.status === 'paused'
    ? `<button class="icon-button" data-action="resume" title="Resume">${icons.play()}</button>`
    : row.status === 'running'
      ? `<button class="icon-button" data-action="pause" title="Pause">${icons.pause()}</button>`
      : '';
  const checkbox = canApprove(row)
    ? `<input type="checkbox" class="select-approval" data-approval="${escapeHtml(row.approval_id)}" ${selected.has(row.approval_id) ? 'checked' : ''} aria-label="Select for bulk decision">`
    : '';
  return `
    <li class="execution status-${escapeHtml(row.status)} ${pending ? 'pending clickable' : 'clickable'}"
        data-execution-id="${escapeHtml(row.execution_id)}" data-status="${escapeHtml(row.status)}"
        data-approval-id="${escapeHtml(row.approval_id || '')}" tabindex="0">
      ${checkbox}
      <span class="status-icon">${statusIcon(row.status, pending)}</span>
      <div class="body">
        <div class="title-line">
          <span class="agent-name">${escapeHtml(row.agent_name || 'Unknown Agent')}</span>
          ${scheduled ? `<span class="badge schedule">${icons.calendar()} Scheduled</span>` : ''}
          ${pending ? '<span class="badge approval">Approval Needed</span>' : ''}
          ${row.status === 'paused' ? '<span class="badge paused">Paused</span>' : ''}
          ${tally}
        </div>
        <div class="step-line">
          <span class="step-text">${stepText}</span>
          <span class="step-title">${escapeHtml(row.step_title || '')}</span>
          <span class="eta muted">${eta(row)}</span>
        </div>
        <div class="progress" role="progressbar" aria-valuenow="${pct}" aria-valuemin="0" aria-valuemax="100">
          <div class="progress-fill ${pending ? 'orange' : row.status === 'paused' ? 'yellow' : 'blue'}" style="width:${pct}%"></div>
        </div>
      </div>
      <div class="row-actions">${controls}
        <a class="details" href="/executions/${escapeHtml(row.execution_id)}">Details</a></div>
    </li>`;
}

function renderRunning() {
  const rows = visibleRows();
  $('running-list').innerHTML = rows.map(rowHtml).join('');
  $('running-count').textContent = running.size ? `(${Math.max(total, running.size)})` : '';
  const empty = $('running-empty');
  empty.hidden = rows.length > 0 || !loaded;
  empty.innerHTML = running.size === 0
    ? `${icons.checkCircle()}<p>All agents completed — nothing is running.</p>`
    : '<p class="muted">No running agent matches the filter.</p>';
  const approvable = [...running.values()].filter(canApprove);
  for (const id of [...selected]) if (!approvable.some((r) => r.approval_id === id)) selected.delete(id);
  $('bulk-bar').hidden = approvable.length === 0;
  $('bulk-count').textContent = `${selected.size} selected`;
  $('select-all').checked = approvable.length > 0 && selected.size === approvable.length;
}

// ---------- activity ----------

function activityHtml(row) {
  const why = row.status === 'failed'
    ? ({ rejected: 'rejected', timeout: 'timed out', step_error: 'step error' }[row.failure_reason] || row.failure_reason || 'failed')
    : '';
  return `
    <li class="activity-item status-${escapeHtml(row.status)}" data-execution-id="${escapeHtml(row.execution_id)}">
      <span class="status-icon">${statusIcon(row.status, false)}</span>
      <a href="/executions/${escapeHtml(row.execution_id)}" class="agent-name">${escapeHtml(row.agent_name || 'Unknown Agent')}</a>
      <span class="outcome">${escapeHtml(row.status)}${why ? ` · ${escapeHtml(why)}` : ''}</span>
      ${row.failure_error ? `<span class="error">${escapeHtml(row.failure_error)}</span>` : ''}
      <span class="muted when">${formatTime(row.finished_at || row.updated_at)}</span>
    </li>`;
}

function renderActivity() {
  const rows = [...activity.values()]
    .sort((a, b) => (Date.parse(b.finished_at) || 0) - (Date.parse(a.finished_at) || 0))
    .slice(0, 20);
  $('activity-list').innerHTML = rows.map(activityHtml).join('');
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

function maybeNotify(before, after) {
  if (!notificationsOn() || !after.has_pending_approval || (before && before.has_pending_approval)) return;
  if (!me || !(after.approvers || []).includes(me)) return;
  const n = new Notification('Approval needed', {
    body: `${after.agent_name}: ${after.step_title || 'an approval step'}`,
    tag: after.approval_id,
  });
  n.onclick = () => {
    window.focus();
    location.href = `/approvals/${after.approval_id}`;
  };
}

// ---------- events ----------

const terminal = new Set(['completed', 'failed', 'cancelled']);

connectStream({
  onSnapshot(snapshot) {
    running.clear();
    for (const row of snapshot.executions || []) running.set(row.execution_id, row);
    total = snapshot.total || running.size;
    loaded = true;
    renderRunning();
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
    if (terminal.has(row.status)) {
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

$('running-list').addEventListener('click', async (event) => {
  const item = event.target.closest('li.execution');
  if (!item) return;
  if (event.target.matches('input.select-approval')) {
    const id = event.target.dataset.approval;
    event.target.checked ? selected.add(id) : selected.delete(id);
    renderRunning();
    return;
  }
  const action = event.target.closest('[data-action]');
  if (action) {
    event.stopPropagation();
    try {
      await postJson(`/api/executions/${item.dataset.executionId}/${action.dataset.action}`);
    } catch (e) {
      alert(describe(e));
    }
    return;
  }
  if (event.target.closest('a')) return;
  location.href = item.dataset.approvalId && item.classList.contains('pending')
    ? `/approvals/${item.dataset.approvalId}`
    : `/executions/${item.dataset.executionId}`;
});
$('running-list').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && event.target.matches('li.execution')) event.target.click();
});
['filter-text', 'filter-status', 'sort'].forEach((id) => $(id).addEventListener('input', renderRunning));
$('select-all').addEventListener('change', (event) => {
  selected.clear();
  if (event.target.checked) for (const r of running.values()) if (canApprove(r)) selected.add(r.approval_id);
  renderRunning();
});

async function bulk(decision) {
  if (selected.size === 0) return;
  const ids = [...selected];
  $('bulk-result').textContent = 'Sending…';
  try {
    const result = await postJson('/api/approvals/bulk-responses', {
      approval_ids: ids,
      decision,
      comment: $('bulk-comment').value || undefined,
    });
    const outcomes = Array.isArray(result) ? result : (result && (result.results || result.outcomes)) || [];
    const failed = outcomes.filter((o) => o && o.error);
    $('bulk-result').textContent = failed.length
      ? `${ids.length - failed.length} answered, ${failed.length} not: ${failed.map((o) => o.error).join('; ')}`
      : `${ids.length} ${decision === 'approve' ? 'approved' : 'rejected'}`;
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
  try {
    for (const row of await getJson('/api/activity')) activity.set(row.execution_id, row);
  } catch (e) {
    console.warn('Recent activity unavailable', e);
  }
  renderActivity();
})();
