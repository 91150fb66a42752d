// Inline SVG icons (no CDN): the seed's Loader2, HandMetal, Clock and CheckCircle, plus a few more.
/**
 * @param {string} cls
 * @param {string} body
 */
const svg = (cls, body) =>
  `<svg class="icon ${cls}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ` +
  `stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;

export const icons = {
  loader: () => svg('icon-loader spin', '<path d="M21 12a9 9 0 1 1-6.219-8.56"/>'),
  hand: () =>
    svg(
      'icon-hand pulse',
      '<path d="M18 12.5V10a2 2 0 0 0-4 0v1.4"/><path d="M14 11V9a2 2 0 1 0-4 0v2"/>' +
        '<path d="M10 10.5V5a2 2 0 1 0-4 0v9"/><path d="m7 15-1.76-1.76a2 2 0 0 0-2.83 2.82l3.6 3.6C7.5 21.14 9.2 22 12 22h2a8 8 0 0 0 8-8V7a2 2 0 1 0-4 0v5"/>',
    ),
  clock: () => svg('icon-clock', '<circle cx="12" cy="12" r="10"/><polyline points="12 6 12 12 16 14"/>'),
  checkCircle: () =>
    svg('icon-check', '<path d="M22 11.08V12a10 10 0 1 1-5.93-9.14"/><polyline points="22 4 12 14.01 9 11.01"/>'),
  xCircle: () =>
    svg('icon-x', '<circle cx="12" cy="12" r="10"/><line x1="15" y1="9" x2="9" y2="15"/><line x1="9" y1="9" x2="15" y2="15"/>'),
  calendar: () =>
    svg('icon-calendar', '<rect x="3" y="4" width="18" height="18" rx="2" ry="2"/><line x1="16" y1="2" x2="16" y2="6"/><line x1="8" y1="2" x2="8" y2="6"/><line x1="3" y1="10" x2="21" y2="10"/>'),
  bell: () =>
    svg('icon-bell', '<path d="M18 8A6 6 0 0 0 6 8c0 7-3 9-3 9h18s-3-2-3-9"/><path d="M13.73 21a2 2 0 0 1-3.46 0"/>'),
  pause: () => svg('icon-pause', '<rect x="6" y="4" width="4" height="16"/><rect x="14" y="4" width="4" height="16"/>'),
  play: () => svg('icon-play', '<polygon points="5 3 19 12 5 21 5 3"/>'),
  stop: () => svg('icon-stop', '<rect x="5" y="5" width="14" height="14" rx="1"/>'),
};

/**
 * @param {string} status an execution's or a step's status
 * @param {boolean} pendingApproval
 */
export function statusIcon(status, pendingApproval) {
  if (pendingApproval || status === 'waiting_approval') return icons.hand();
  if (status === 'paused') return icons.clock();
  if (status === 'running') return icons.loader();
  if (status === 'completed') return icons.checkCircle();
  if (status === 'failed' || status === 'cancelled') return icons.xCircle();
  return icons.loader();
}
