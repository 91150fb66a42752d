// Same-origin calls: everything goes through the dashboard (its gateway proxies the other services).

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {import('./types.js').Problem | null} problem
   */
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

// Absolute same-origin URL: a page opened as http://user:pass@host/ would otherwise make fetch()
// refuse every relative URL (they inherit the credentials).
/** @param {string} url */
const sameOrigin = (url) => new URL(url, location.origin).href;

/** @param {Response} response */
async function parse(response) {
  const text = await response.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { detail: text };
    }
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/**
 * @param {string} url
 * @returns {Promise<any>} the JSON answer; callers name its type (types.js)
 */
export async function getJson(url) {
  return parse(await fetch(sameOrigin(url), { headers: { Accept: 'application/json' }, credentials: 'same-origin' }));
}

/**
 * @param {string} url
 * @param {object} [body]
 * @returns {Promise<any>} the JSON answer; callers name its type (types.js)
 */
export async function postJson(url, body) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const token = csrfToken();
  if (token) headers['X-XSRF-TOKEN'] = token;
  return parse(
    await fetch(sameOrigin(url), {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: body === undefined ? '{}' : JSON.stringify(body),
    }),
  );
}

/** Explains a failed call in one line, naming each offending field of a 400. */
/** @param {unknown} error */
export function describe(error) {
  if (error instanceof ApiError) {
    const fields = (error.problem.errors || []).map((v) => `${v.field} ${v.message}`);
    return fields.length ? fields.join('; ') : error.message;
  }
  return 'The network is unreachable; try again.';
}

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) =>
    ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/** @param {string | null | undefined} iso */
export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '—' : d.toLocaleString();
}

/** @param {number | null | undefined} ms */
export function formatDuration(ms) {
  if (ms == null || !isFinite(ms)) return '';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** @type {Promise<string | null> | null} */
let me = null;
/** The signed-in user's name (null when unknown), asked once per page. */
export async function currentUser() {
  if (!me) me = getJson('/api/me').then((/** @type {{name: string}} */ r) => r.name).catch(/** @returns {null} */ () => null);
  return me;
}
