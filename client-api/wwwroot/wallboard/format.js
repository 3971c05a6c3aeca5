// Small formatting helpers shared by the wallboard's modules. Everything returns plain text (set with textContent).

/** 0 s -> "0s", 75 -> "1m 15s", 3725 -> "1h 02m": precise while short, coarse once long (so cells change rarely). */
export function duration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A share 0..1 as "83 %", or "–" when nothing was measured. */
export function percent(share) {
  return share == null ? '–' : `${Math.round(share * 100)} %`;
}

/** Local wall-clock time of an ISO instant or Date, "14:05:09". */
export function clock(at) {
  const date = at instanceof Date ? at : new Date(at);
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "00:01:30" or "1.00:00:00" (a .NET TimeSpan as the API writes it) -> seconds; null for null. */
export function timeSpanSeconds(value) {
  if (value == null) return null;
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value);
  if (!match) return null;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** Human words for the API's camelCase enum values. */
const STATUS_WORDS = { notResponding: 'not responding', wrappingUp: 'wrapping up' };
export function words(value) {
  return STATUS_WORDS[value] ?? String(value ?? '');
}

/** Shows an ApiError or CommandError as "code: detail" (every refusal is shown to the user as the engine said it). */
export function describeError(error) {
  if (!error) return '';
  const code = error.code ?? error.name ?? 'error';
  const detail = error.detail ?? error.message ?? '';
  return detail && detail !== code ? `${code}: ${detail}` : code;
}

/** document.createElement with a class and text in one call. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Calls render() at most once per animation frame however many times schedule() is called before it. */
export function frameBatcher(render) {
  let requested = false;
  return () => {
    if (requested) return;
    requested = true;
    requestAnimationFrame(() => {
      requested = false;
      render();
    });
  };
}
