// How the console shows a countdown or a time elapsed (the other helpers every page shares are in /shared).

/** "0:42", "12:05" or "1:02:03" for a number of milliseconds (negative counts as 0). */
export function duration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Seconds (a TimeSpan read by timeSpanSeconds) as milliseconds for Date arithmetic; null stays null. */
export function milliseconds(seconds) {
  return seconds == null ? null : seconds * 1000;
}
