// What people may do to a run, in one place for every page. Mirrors execution-service
// (`Execution.pause/resume/cancel` and `ExecutionCommands`): only the owner commands a run; pause
// while it runs or waits for approval, resume while paused, cancel while it has not ended.

/** @typedef {import('./types.js').RunStatus} RunStatus */

/** @type {ReadonlySet<RunStatus>} */
const ACTIVE = new Set(['running', 'waiting_approval', 'paused']);

/**
 * @param {RunStatus} status an execution's (or a card's) status
 * @param {boolean} isOwner
 * @returns {{pause: boolean, resume: boolean, cancel: boolean}}
 */
export function allowedCommands(status, isOwner) {
  return {
    pause: isOwner && (status === 'running' || status === 'waiting_approval'),
    resume: isOwner && status === 'paused',
    cancel: isOwner && ACTIVE.has(status),
  };
}
