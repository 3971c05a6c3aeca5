// Text every page shows the same way: clock times, the API's durations, refusals, and random ids.

/** "14:05:09" in the browser's time zone. */
export function clock(value) {
  const date = value instanceof Date ? value : new Date(value);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Seconds of a .NET TimeSpan as the API writes it ("00:01:30", "1.00:00:00", "00:00:30.5"); null when absent or malformed. */
export function timeSpanSeconds(value) {
  const match = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value ?? '');
  if (!match) return null;
  const [, minus, days = '0', hours, minutes, seconds] = match;
  const total = Number(days) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return minus ? -total : total;
}

/** "detail (code)" for an ApiError or CommandError: the engine's words and the stable code a user can report. */
export function describeError(error) {
  const code = error?.code ?? 'error';
  const detail = error?.detail || error?.message || 'something went wrong';
  if (detail === code) return code;
  return error?.status ? `${detail} (${code}, HTTP ${error.status})` : `${detail} (${code})`;
}

/** A random id of `length` hex digits (crypto.randomUUID needs a secure context; an embedding site may not be one). */
export function randomId(length = 24) {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, length);
}
