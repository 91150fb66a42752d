// Agent data on the pages (step outputs, proposals). It comes from whatever systems an agent
// called, so it is never parsed as HTML: every value reaches the DOM through textContent.

/** @typedef {import('./types.js').JsonValue} JsonValue */

/** @param {JsonValue} value */
const isScalar = (value) => value === null || typeof value !== 'object';

/**
 * Whether a value reads best as a two-column table: an object whose values are all scalars.
 * @param {JsonValue} value
 */
export function isFlatObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    && Object.values(value).every(isScalar);
}

/**
 * Text for a value: a string as it is, anything else as indented JSON.
 * @param {JsonValue} value
 */
export function pretty(value) {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * A pretty-printed tree (`<pre>`) of any value.
 * @param {JsonValue} value
 * @param {string} [className]
 */
export function jsonElement(value, className = 'json') {
  const pre = document.createElement('pre');
  pre.className = className;
  pre.textContent = pretty(value);
  return pre;
}

/**
 * A proposal as a reader takes it in: a table for a flat object, a pretty-printed tree otherwise.
 * @param {JsonValue} value
 */
export function proposalElement(value) {
  if (!isFlatObject(value)) return jsonElement(value, 'json proposal-tree');
  const table = document.createElement('table');
  table.className = 'proposal-table';
  for (const [key, item] of Object.entries(/** @type {Record<string, JsonValue>} */ (value))) {
    const row = table.insertRow();
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = key;
    row.appendChild(name);
    row.insertCell().textContent = item === null ? '—' : String(item);
  }
  return table;
}

/**
 * The lines of `after` against those of `before` (longest common subsequence), in order.
 * @param {string} before
 * @param {string} after
 * @returns {{kind: 'same' | 'added' | 'removed', text: string}[]}
 */
export function lineDiff(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  // lengths[i][j]: longest common subsequence of a[i..] and b[j..]
  const lengths = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  /** @type {{kind: 'same' | 'added' | 'removed', text: string}[]} */
  const lines = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
      lines.push({ kind: 'removed', text: a[i++] });
    } else {
      lines.push({ kind: 'added', text: b[j++] });
    }
  }
  while (i < a.length) lines.push({ kind: 'removed', text: a[i++] });
  while (j < b.length) lines.push({ kind: 'added', text: b[j++] });
  return lines;
}

/**
 * Shows in `target` how `after` differs from `before`, both pretty-printed: removed lines marked
 * `-`, added lines `+`.
 * @param {HTMLElement} target
 * @param {JsonValue} before
 * @param {JsonValue} after
 */
export function showDiff(target, before, after) {
  target.replaceChildren(
    ...lineDiff(pretty(before), pretty(after)).map(({ kind, text }) => {
      const line = document.createElement('span');
      line.className = `diff-line ${kind}`;
      line.textContent = `${kind === 'added' ? '+' : kind === 'removed' ? '-' : ' '} ${text}\n`;
      return line;
    }),
  );
}
