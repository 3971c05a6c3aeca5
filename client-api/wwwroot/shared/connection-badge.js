// Shows a RealtimeSession's connection state in a badge ('open' -> live, 'reconnecting' ...), for every page.

const LABELS = { connecting: ['connecting', 'warn'], open: ['live', 'ok'], reconnecting: ['reconnecting', 'warn'], closed: ['offline', 'bad'] };

/** Keeps `element` (a span.badge) showing `session`'s state; it is announced to screen readers when it changes. */
export function showConnection(session, element) {
  element.setAttribute('role', 'status');
  const render = (status) => {
    const [label, tone] = LABELS[status] ?? [status, 'warn'];
    element.textContent = label;
    element.className = `badge ${tone}`;
    element.dataset.status = status;
  };
  render(session.status);
  session.on('status', render);
}
