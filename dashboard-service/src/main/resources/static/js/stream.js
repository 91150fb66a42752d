// The running-executions stream: EventSource with our own reconnect backoff so the page keeps its
// last data, shows the connection state, and resumes from the last event id it saw.

/**
 * @typedef {Object} StreamHandlers
 * @property {(snapshot: import('./types.js').RunningSnapshot) => void} onSnapshot
 * @property {(row: import('./types.js').RunningExecution) => void} onExecution
 * @property {(row: import('./types.js').RunningExecution) => void} onRemoved
 * @property {(state: 'connecting' | 'reconnecting' | 'live' | 'offline', detail?: {retryInMs: number}) => void} [onState]
 */

/** @param {StreamHandlers} handlers */
export function connectStream({ onSnapshot, onExecution, onRemoved, onState }) {
  /** @type {EventSource | null} */
  let source = null;
  /** @type {string | null} */
  let lastEventId = null;
  let attempt = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let stopped = false;

  /** @type {NonNullable<StreamHandlers['onState']>} */
  const state = (name, detail) => onState && onState(name, detail);

  /**
   * @template T
   * @param {(data: T) => void} fn
   * @returns {(event: MessageEvent) => void}
   */
  function handle(fn) {
    return (event) => {
      if (event.lastEventId) lastEventId = event.lastEventId;
      try {
        fn(JSON.parse(event.data));
      } catch (e) {
        console.error('Bad stream event', e);
      }
    };
  }

  function open() {
    if (stopped) return;
    const url =
      location.origin +
      '/api/running-executions/stream' +
      (lastEventId ? `?last_event_id=${encodeURIComponent(lastEventId)}` : '');
    state(attempt === 0 ? 'connecting' : 'reconnecting');
    source = new EventSource(url);
    source.onopen = () => {
      attempt = 0;
      state('live');
    };
    source.addEventListener('snapshot', handle(onSnapshot));
    source.addEventListener('execution', handle(onExecution));
    source.addEventListener('removed', handle(onRemoved));
    source.onerror = () => {
      source.close();
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (stopped) return;
    attempt++;
    const delay = Math.min(30000, 1000 * 2 ** Math.min(attempt - 1, 5)) * (0.8 + Math.random() * 0.4);
    state('offline', { retryInMs: delay });
    clearTimeout(timer);
    timer = setTimeout(open, delay);
  }

  window.addEventListener('online', () => {
    if (source && source.readyState === EventSource.CLOSED) {
      clearTimeout(timer);
      open();
    }
  });

  open();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      if (source) source.close();
    },
  };
}
