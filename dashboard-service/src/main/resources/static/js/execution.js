import { icons, statusIcon } from './icons.js';
import { connectStream } from './stream.js';
import { allowedCommands } from './commands.js';
import { getJson, postJson, describe, escapeHtml, formatTime, formatDuration, currentUser } from './api.js';
import { jsonElement } from './data-view.js';

/** @typedef {import('./types.js').ExecutionView} ExecutionView */
/** @typedef {import('./types.js').StepView} StepView */
/** @typedef {import('./types.js').RunningExecution} RunningExecution */

const executionId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
const root = /** @type {HTMLElement} */ (document.getElementById('execution'));
/** @type {ExecutionView | null} */
let last = null;
/** @type {string | null} */
let me = null;
let message = ''; // outcome of the last command, kept across re-renders
/** Steps whose output the reader opened, kept open across re-renders. */
const openOutputs = new Set();

/** @param {string} status */
const label = (status) => status.replace('_', ' ');

/** @param {StepView} s */
function stepHtml(s) {
  return `
    <li class="step status-${escapeHtml(s.status)}" data-step-id="${escapeHtml(s.step_id)}">
      <span class="status-icon">${statusIcon(s.status, false)}</span>
      <div class="body">
        <div><strong>${escapeHtml(s.title)}</strong>
          <span class="muted">${escapeHtml(s.type)}</span>
          <span class="badge step-status ${escapeHtml(s.status)}">${escapeHtml(label(s.status))}</span></div>
        <div class="muted">${s.started_at ? `started ${formatTime(s.started_at)}` : 'not started'}
          ${s.finished_at ? ` · finished ${formatTime(s.finished_at)} (${formatDuration(Date.parse(s.finished_at) - Date.parse(s.started_at))})` : ''}
          ${s.attempts > 1 ? ` · ${s.attempts} attempts` : ''}</div>
        ${s.error ? `<div class="error">${escapeHtml(s.error)}</div>` : ''}
        ${s.output != null ? `<details class="output"${openOutputs.has(s.step_id) ? ' open' : ''}>
          <summary>Output</summary></details>` : ''}
      </div>
    </li>`;
}

/**
 * Puts each step's output into its collapsible block, as text only: outputs hold whatever the
 * systems an agent called answered.
 * @param {StepView[]} steps
 */
function fillOutputs(steps) {
  for (const s of steps) {
    if (s.output == null) continue;
    const item = [...root.querySelectorAll('#timeline > li')].find((li) => /** @type {HTMLElement} */ (li).dataset.stepId === s.step_id);
    const details = item && item.querySelector('details.output');
    if (!details) continue;
    details.appendChild(jsonElement(s.output));
    details.addEventListener('toggle', () => {
      if (/** @type {HTMLDetailsElement} */ (details).open) openOutputs.add(s.step_id);
      else openOutputs.delete(s.step_id);
    });
  }
}

/** @param {ExecutionView} x */
function render(x) {
  last = x;
  const allowed = allowedCommands(x.status, me !== null && x.owner === me);
  /**
   * @param {'pause' | 'resume' | 'cancel'} command
   * @param {string} content
   */
  const button = (command, content) =>
    `<button class="button${command === 'cancel' ? ' reject' : ''}" data-command="${command}" ${allowed[command] ? '' : 'disabled'}>${content}</button>`;
  root.innerHTML = `
    <div class="card-header">
      <h2>${statusIcon(x.status, x.status === 'waiting_approval')}
        <span id="execution-agent">${escapeHtml(x.agent_name)}</span></h2>
      <span id="execution-status" class="badge status ${escapeHtml(x.status)}">${escapeHtml(label(x.status))}</span>
    </div>
    <dl class="facts">
      <dt>Execution</dt><dd><code>${escapeHtml(x.execution_id)}</code></dd>
      <dt>Started</dt><dd>${formatTime(x.created_at)}</dd>
      <dt>Current step</dt><dd>${escapeHtml(x.execution_state.current_step_title || '—')}</dd>
      ${x.failure_reason ? `<dt>Failure</dt><dd class="error" id="execution-failure">${escapeHtml(x.failure_reason)}${x.error ? ` — ${escapeHtml(x.error)}` : ''}</dd>` : ''}
    </dl>
    <div class="buttons" id="controls">
      ${button('pause', `${icons.pause()} Pause`)}
      ${button('resume', `${icons.play()} Resume`)}
      ${button('cancel', `${icons.stop()} Cancel`)}
      <span id="command-result" class="muted">${escapeHtml(message)}</span>
    </div>
    <h3>Timeline</h3>
    <ol id="timeline" class="timeline">${(x.steps || []).map(stepHtml).join('')}</ol>`;
  fillOutputs(x.steps || []);
}

root.addEventListener('click', async (event) => {
  const button = /** @type {HTMLButtonElement | null} */ (
    /** @type {Element} */ (event.target).closest('[data-command]'));
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
    render(/** @type {ExecutionView} */ (await getJson(`/api/executions/${encodeURIComponent(executionId)}`)));
  } catch (e) {
    if (!last) root.innerHTML = `<p class="error">${e.status === 404 ? 'No such execution.' : escapeHtml(describe(e))}</p>`;
  }
}

// Reload whenever the stream says this execution changed.
/** @param {RunningExecution} row */
const mine = (row) => row.execution_id === executionId;
connectStream({
  onSnapshot() {},
  onExecution: (row) => mine(row) && load(),
  onRemoved: (row) => mine(row) && load(),
  onState(state) {
    const el = /** @type {HTMLElement} */ (document.getElementById('connection'));
    el.dataset.state = state;
    el.className = `connection ${state}`;
    el.textContent = state === 'live' ? 'Live' : state === 'offline' ? 'Offline — retrying' : 'Connecting…';
  },
});

(async () => {
  me = await currentUser();
  await load();
})();
