import { icons, statusIcon } from './icons.js';
import { connectStream } from './stream.js';
import { getJson, postJson, describe, escapeHtml, formatTime, formatDuration } from './api.js';

const executionId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop());
const root = document.getElementById('execution');
let last = null;
let message = ''; // outcome of the last command, kept across re-renders

function render(x) {
  last = x;
  const state = x.execution_state || {};
  const steps = x.steps || x.timeline || [];
  const status = x.status || 'unknown';
  const reason = x.failure_reason || x.reason || (x.failure && x.failure.reason);
  root.innerHTML = `
    <div class="card-header">
      <h2>${statusIcon(status, status === 'waiting_approval')}
        <span id="execution-agent">${escapeHtml(x.agent_name || (x.agent && x.agent.name) || 'Unknown Agent')}</span></h2>
      <span id="execution-status" class="badge status ${escapeHtml(status)}">${escapeHtml(status.replace('_', ' '))}</span>
    </div>
    <dl class="facts">
      <dt>Execution</dt><dd><code>${escapeHtml(x.execution_id || executionId)}</code></dd>
      <dt>Started</dt><dd>${formatTime(x.created_at || x.started_at)}</dd>
      <dt>Current step</dt><dd>${escapeHtml(state.current_step || '—')}</dd>
      ${reason ? `<dt>Failure</dt><dd class="error" id="execution-failure">${escapeHtml(reason)}${x.error ? ` — ${escapeHtml(x.error)}` : ''}</dd>` : ''}
    </dl>
    <div class="buttons" id="controls">
      <button class="button" data-command="pause" ${status === 'running' || status === 'waiting_approval' ? '' : 'disabled'}>${icons.pause()} Pause</button>
      <button class="button" data-command="resume" ${status === 'paused' ? '' : 'disabled'}>${icons.play()} Resume</button>
      <button class="button reject" data-command="cancel" ${['running', 'waiting_approval', 'paused'].includes(status) ? '' : 'disabled'}>${icons.stop()} Cancel</button>
      <span id="command-result" class="muted">${escapeHtml(message)}</span>
    </div>
    <h3>Timeline</h3>
    <ol id="timeline" class="timeline">
      ${steps.map((s) => `
        <li class="step status-${escapeHtml(s.status || 'pending')}" data-step-id="${escapeHtml(s.step_id || s.id)}">
          <span class="status-icon">${statusIcon(s.status === 'waiting_approval' ? 'waiting_approval' : s.status, false)}</span>
          <div class="body">
            <div><strong>${escapeHtml(s.title || s.step_id || s.id)}</strong>
              <span class="muted">${escapeHtml(s.type || '')}</span>
              <span class="badge step-status ${escapeHtml(s.status || 'pending')}">${escapeHtml((s.status || 'pending').replace('_', ' '))}</span></div>
            <div class="muted">${s.started_at ? `started ${formatTime(s.started_at)}` : 'not started'}
              ${s.finished_at ? ` · finished ${formatTime(s.finished_at)} (${formatDuration(Date.parse(s.finished_at) - Date.parse(s.started_at))})` : ''}
              ${s.attempts > 1 ? ` · ${s.attempts} attempts` : ''}</div>
            ${s.error ? `<div class="error">${escapeHtml(s.error)}</div>` : ''}
          </div>
        </li>`).join('')}
    </ol>`;
}

root.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-command]');
  if (!button) return;
  button.disabled = true;
  try {
    await postJson(`/api/executions/${encodeURIComponent(executionId)}/${button.dataset.command}`);
    message = `${button.dataset.command} requested`;
  } catch (e) {
    message = describe(e);
  }
  if (last) render(last);
  await load();
});

async function load() {
  try {
    render(await getJson(`/api/executions/${encodeURIComponent(executionId)}`));
  } catch (e) {
    if (!last) root.innerHTML = `<p class="error">${e.status === 404 ? 'No such execution.' : escapeHtml(describe(e))}</p>`;
  }
}

// Reload whenever the stream says this execution changed.
const mine = (row) => row && row.execution_id === executionId;
connectStream({
  onSnapshot() {},
  onExecution: (row) => mine(row) && load(),
  onRemoved: (row) => mine(row) && load(),
  onState(state) {
    const el = document.getElementById('connection');
    el.dataset.state = state;
    el.className = `connection ${state}`;
    el.textContent = state === 'live' ? 'Live' : state === 'offline' ? 'Offline — retrying' : 'Connecting…';
  },
});
load();
