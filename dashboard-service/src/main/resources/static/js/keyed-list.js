// Lists whose items keep their DOM identity. Each item is one element kept by key for as long as
// it is listed: an update patches the parts that changed and never replaces the element, so an
// element a user (or a test) holds stays the item it was, and a click aimed at it lands on it,
// however often its row changes. Only a change of order moves it.

/** @type {WeakMap<Element, string>} the HTML last written into each element */
const written = new WeakMap();

/**
 * Writes the HTML into the element unless it is what was written there last, so unchanged parts
 * keep their nodes.
 * @param {Element} el
 * @param {string} html
 */
export function setHtml(el, html) {
  if (written.get(el) === html) return;
  written.set(el, html);
  el.innerHTML = html;
}

/**
 * @template T
 * @typedef {object} KeyedList
 * @property {Map<string, HTMLLIElement>} items the listed items' elements, by key
 * @property {(rows: T[]) => number} show lists exactly these rows, in this order; returns how many
 */

/**
 * @template T
 * @param {HTMLElement} list the list element the items are children of
 * @param {(row: T) => string} keyOf
 * @param {(key: string) => HTMLLIElement} create an item with its fixed parts, not yet filled in
 * @param {(item: HTMLLIElement, row: T) => void} patch brings an item up to date with its row
 * @returns {KeyedList<T>}
 */
export function keyedList(list, keyOf, create, patch) {
  /** @type {Map<string, HTMLLIElement>} */
  const items = new Map();
  /** @param {T[]} rows */
  function show(rows) {
    const keys = new Set(rows.map(keyOf));
    for (const [key, item] of items) {
      if (keys.has(key)) continue;
      item.remove();
      items.delete(key);
    }
    rows.forEach((row, i) => {
      const key = keyOf(row);
      let item = items.get(key);
      if (!item) {
        item = create(key);
        items.set(key, item);
      }
      patch(item, row);
      if (list.children[i] !== item) list.insertBefore(item, list.children[i] || null);
    });
    return rows.length;
  }
  return { items, show };
}
