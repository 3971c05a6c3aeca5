// Small helpers of the console: times as people read them, the API's durations, ids, errors, and DOM building
// without HTML strings (message texts and customer ids are the customer's: only ever textContent).

/** "14:05:09" in the browser's time zone. */
export function clock(value) {
  const date = value instanceof Date ? value : new Date(value);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** "0:42", "12:05" or "1:02:03" for a number of milliseconds (negative counts as 0). */
export function duration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Milliseconds of a .NET TimeSpan as the API writes it ("00:05:00", "1.00:00:00", "00:00:30.5"), or null. */
export function parseTimeSpan(text) {
  const match = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(text ?? '');
  if (!match) return null;
  const [, minus, days = '0', hours, minutes, seconds, fraction = '0'] = match;
  const ms = (((+days * 24 + +hours) * 60 + +minutes) * 60 + +seconds) * 1000 + Math.round(+`0.${fraction}` * 1000);
  return minus ? -ms : ms;
}

/** A client message id: a resend of the same reply carries it again and the engine stores the reply once. */
export function newClientMessageId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12)); // randomUUID needs a secure context; this does not
  return 'console-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** "detail (code)" for an ApiError or CommandError: both the stable code and the engine's words. */
export function describeError(error) {
  const code = error?.code ?? 'error';
  const detail = error?.detail || error?.message || 'something went wrong';
  return error?.status ? `${detail} (${code}, HTTP ${error.status})` : `${detail} (${code})`;
}

/** A new element: el('p', {className: 'x', text: 'y', hidden: true, 'aria-label': 'z'}, child, ...). */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') element.textContent = value;
    else if (key === 'className') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key === 'onClick') element.addEventListener('click', value);
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}
