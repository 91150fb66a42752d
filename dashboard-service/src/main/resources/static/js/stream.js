// The running-executions stream: EventSource with our own reconnect backoff so the page keeps its
// last data, shows the connection state, and resumes from the last event id it saw.

export function connectStream({ onSnapshot, onExecution, onRemoved, onState }) {
  let source = null;
  let lastEventId = null;
  let attempt = 0;
  let timer = null;
  let stopped = false;

  const state = (name, detail) => onState && onState(name, detail);

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
