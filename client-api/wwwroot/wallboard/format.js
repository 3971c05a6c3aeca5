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

/** Human words for the API's camelCase enum values. */
const STATUS_WORDS = { notResponding: 'not responding', wrappingUp: 'wrapping up' };
export function words(value) {
  return STATUS_WORDS[value] ?? String(value ?? '');
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
