// Charts of the statistics API (GET stats, R20; POST staffing/what-if): arrivals and answered per hour today, wait
// percentiles per hour, this week against last week per day, and the staffing gap per hour. Statistics are projected
// from the timelines in the background, so the figures trail the live board by a second or so; they are read again
// every 30 s. Each chart also has its figures as a table (for screen readers, and to read exact numbers).

import uPlot from '/vendor/uplot/uPlot.esm.js';
import { api, workspacePath } from '/shared/api.js';
import { el } from '/shared/dom.js';
import { clock, describeError } from '/shared/format.js';
import { percent, duration } from './format.js';

const REFRESH_MS = 30_000;
const NUDGE_DELAY_MS = 3_000;
const MIN_REFRESH_GAP_MS = 5_000;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const SERVICE_LEVEL = 0.8; // the staffing target: 80 % answered within the first-response target
const DEFAULT_HANDLE_SECONDS = 300;

export class StatsCharts {
  #ui;
  #workspace;
  #credential;
  #context; // () => {targetSeconds, capacity, onlineNow}
  #onSla;
  #charts = new Map(); // name -> {plot, holder}
  #whatIf = new Map(); // JSON of the question -> Promise of required operators
  #timer = null;
  #nudged = null;
  #lastRefresh = 0;

  constructor({ ui, workspace, credential, context, onSla }) {
    this.#ui = ui;
    this.#workspace = workspace;
    this.#credential = credential;
    this.#context = context;
    this.#onSla = onSla;
    ui.refresh.addEventListener('click', () => this.refresh());
  }

  start() {
    this.refresh();
    this.#timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  stop() {
    clearInterval(this.#timer);
    clearTimeout(this.#nudged);
  }

  /**
   * Something happened (a conversation changed): read the statistics again soon, once the background projection has
   * caught up (about a second), so the figures follow the board without polling faster than every few seconds.
   */
  nudge() {
    if (this.#nudged) return;
    const wait = Math.max(NUDGE_DELAY_MS, this.#lastRefresh + MIN_REFRESH_GAP_MS - Date.now());
    this.#nudged = setTimeout(() => {
      this.#nudged = null;
      this.refresh();
    }, wait);
  }

  async refresh() {
    this.#lastRefresh = Date.now();
    const today = startOfDay(new Date());
    const tomorrow = addDays(today, 1);
    const monday = addDays(today, -((today.getDay() + 6) % 7));
    const lastWeekDay = addDays(today, -7);
    const stats = (query) => api(workspacePath(this.#workspace, `/stats?${new URLSearchParams(query)}`), { credential: this.#credential });
    try {
      const [hourly, departments, week, lastWeekHourly] = await Promise.all([
        stats({ from: day(today), to: day(tomorrow), groupBy: 'hour' }),
        stats({ from: day(today), to: day(tomorrow), groupBy: 'department' }),
        stats({ from: day(monday), to: day(addDays(monday, 7)), groupBy: 'day' }),
        stats({ from: day(lastWeekDay), to: day(addDays(lastWeekDay, 1)), groupBy: 'hour' }),
      ]);
      const byHour = indexBy(hourly.current.groups, (group) => Number(group.group.hour.slice(11, 13)));
      const lastWeekByHour = indexBy(lastWeekHourly.current.groups, (group) => Number(group.group.hour.slice(11, 13)));
      this.#onSla?.(new Map(departments.current.groups.filter((g) => g.group.department).map((g) => [g.group.department, g.figures.slaShare])));
      this.#totals(hourly.current.groups.map((g) => g.figures));
      const hours = [...Array(24).keys()];
      const currentHour = new Date().getHours();
      this.#arrivals(hours, byHour, currentHour);
      this.#waits(hours, byHour, currentHour);
      this.#week(week, monday);
      await this.#staffing(hours, byHour, lastWeekByHour, currentHour, hourly.current.groups.map((g) => g.figures));
      this.#ui.updated.textContent = `Updated ${clock(new Date())}; refreshed every 30 s`;
      this.#ui.error.textContent = '';
    } catch (error) {
      this.#ui.error.textContent = `Statistics could not be read: ${describeError(error)}`;
    }
  }

  #totals(figures) {
    const sum = (name) => figures.reduce((total, f) => total + (f[name] ?? 0), 0);
    const measured = sum('slaMeasured');
    const waits = figures.map((f) => f.wait?.p90Seconds).filter((v) => v != null);
    const values = [
      ['Offered today', String(sum('offered'))],
      ['Answered', String(sum('answered'))],
      ['Abandoned', String(sum('abandoned'))],
      ['SLA share', measured ? percent(sum('slaMet') / measured) : '–'],
      ['Worst hourly p90 wait', waits.length ? duration(Math.max(...waits)) : '–'],
    ];
    const fragment = document.createDocumentFragment();
    for (const [label, value] of values) {
      const box = el('div');
      box.append(el('dt', { text: label }), el('dd', { text: value }));
      fragment.append(box);
    }
    this.#ui.totals.replaceChildren(fragment);
  }

  #arrivals(hours, byHour, currentHour) {
    const upTo = (h, value) => (h <= currentHour ? value : null);
    const offered = hours.map((h) => upTo(h, byHour.get(h)?.figures.offered ?? 0));
    const answered = hours.map((h) => upTo(h, byHour.get(h)?.figures.answered ?? 0));
    this.#draw('arrivals', hours, [
      { label: 'Offered (arrivals)', values: offered, color: 'accent', bars: true },
      { label: 'Answered', values: answered, color: 'ok' },
    ], { x: hourLabel, y: 'dialogs' });
  }

  #waits(hours, byHour, currentHour) {
    const wait = (h, name) => (h <= currentHour ? byHour.get(h)?.figures.wait?.[name] ?? null : null);
    this.#draw('waits', hours, [
      { label: 'p50 wait (s)', values: hours.map((h) => wait(h, 'p50Seconds')), color: 'accent' },
      { label: 'p90 wait (s)', values: hours.map((h) => wait(h, 'p90Seconds')), color: 'bad' },
    ], { x: hourLabel, y: 'seconds' });
  }

  #week(report, monday) {
    const today = (new Date().getDay() + 6) % 7;
    const current = indexBy(report.current.groups, (g) => g.group.day);
    const previous = indexBy(report.previous.groups, (g) => g.group.day);
    const days = [...Array(7).keys()];
    this.#draw('week', days, [
      { label: 'This week (offered)', values: days.map((d) => (d <= today ? current.get(day(addDays(monday, d)))?.figures.offered ?? 0 : null)), color: 'accent', bars: true },
      { label: 'Last week (offered)', values: days.map((d) => previous.get(day(addDays(monday, d - 7)))?.figures.offered ?? 0), color: 'muted' },
      { label: 'This week (answered)', values: days.map((d) => (d <= today ? current.get(day(addDays(monday, d)))?.figures.answered ?? 0 : null)), color: 'ok' },
    ], { x: (d) => DAYS[d] ?? '', y: 'dialogs' });
  }

  /**
   * Needed: what POST staffing/what-if answers for each hour's arrivals (today's so far, last week's same day for the
   * hours still to come), today's mean handle time and the first-response target. Online: operators' online time
   * in that hour (counted when a status ends), and for the current hour at least those online now.
   */
  async #staffing(hours, byHour, lastWeekByHour, currentHour, todayFigures) {
    const { targetSeconds, capacity, onlineNow } = this.#context();
    const handled = todayFigures.filter((f) => f.handle?.count);
    const handleSeconds = handled.length
      ? handled.reduce((t, f) => t + f.handle.averageSeconds * f.handle.count, 0) / handled.reduce((t, f) => t + f.handle.count, 0)
      : DEFAULT_HANDLE_SECONDS;
    const arrivals = hours.map((h) => (h <= currentHour ? byHour.get(h)?.figures.offered ?? 0 : lastWeekByHour.get(h)?.figures.offered ?? 0));
    const needed = await Promise.all(arrivals.map((a) => (a > 0 ? this.#required(a, handleSeconds, targetSeconds, capacity) : 0)));
    const online = hours.map((h) => {
      if (h > currentHour) return null;
      const seconds = byHour.get(h)?.figures.onlineSeconds ?? 0;
      const average = seconds / 3600;
      return Math.round((h === currentHour ? Math.max(average, onlineNow) : average) * 10) / 10;
    });
    this.#draw('staffing', hours, [
      { label: 'Needed (Erlang C)', values: needed, color: 'bad', stepped: true },
      { label: 'Online', values: online, color: 'ok', stepped: true, fill: true },
    ], { x: hourLabel, y: 'operators' });
    this.#ui.staffingNote.textContent = `Needed for ${Math.round(SERVICE_LEVEL * 100)} % answered within ${duration(targetSeconds)}, `
      + `handle time ${duration(handleSeconds)}, ${capacity} dialog(s) per operator; hours after ${currentHour}:00 use last week's arrivals.`;
  }

  #required(arrivalsPerHour, averageHandleSeconds, targetSeconds, capacity) {
    const question = { arrivalsPerHour, averageHandleSeconds: Math.max(1, Math.round(averageHandleSeconds)), serviceLevelTarget: SERVICE_LEVEL, targetSeconds, capacity };
    const key = JSON.stringify(question);
    if (!this.#whatIf.has(key)) {
      const answer = api(workspacePath(this.#workspace, '/staffing/what-if'), { method: 'POST', credential: this.#credential, body: question })
        .then((advice) => advice.requiredOperators);
      answer.catch(() => this.#whatIf.delete(key)); // ask again next time
      this.#whatIf.set(key, answer);
    }
    return this.#whatIf.get(key);
  }

  /** Draws (or updates) one chart and its table. series: [{label, values, color, bars?, stepped?, fill?}]. */
  #draw(name, xs, series, { x: xLabel, y: yLabel }) {
    const holder = this.#ui.charts[name];
    const data = [xs, ...series.map((s) => s.values)];
    let chart = this.#charts.get(name);
    if (!chart) {
      const colors = palette();
      const options = {
        width: Math.max(260, holder.plot.clientWidth),
        height: 220,
        scales: { x: { time: false, range: [xs[0] - 0.5, xs.at(-1) + 0.5] }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.15)] } },
        axes: [
          { stroke: colors.muted, grid: { show: false }, ticks: { stroke: colors.line }, values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? xLabel(t) : '')), incrs: [1, 2, 3, 6] },
          { stroke: colors.muted, grid: { stroke: colors.line, width: 1 }, ticks: { stroke: colors.line }, label: yLabel, size: 48 },
        ],
        legend: { show: true, live: false },
        cursor: { points: { size: 6 } },
        series: [
          { label: name === 'week' ? 'day' : 'hour', value: (u, v) => (v == null ? '' : xLabel(v)) },
          ...series.map((s) => ({
            label: s.label,
            stroke: colors[s.color],
            width: 2,
            fill: s.bars ? colors[s.color] + '55' : s.fill ? colors[s.color] + '22' : undefined,
            paths: s.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : s.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
            points: { show: !s.bars && !s.stepped },
            spanGaps: false,
          })),
        ],
      };
      const plot = new uPlot(options, data, holder.plot);
      plot.root.setAttribute('aria-hidden', 'true'); // the table below says the same
      // Follow the container's width (laptop, phone, a rotated phone).
      new ResizeObserver(() => {
        const width = Math.max(260, holder.plot.clientWidth);
        if (Math.abs(width - plot.width) > 2) plot.setSize({ width, height: 220 });
      }).observe(holder.plot);
      chart = { plot };
      this.#charts.set(name, chart);
      holder.figure.dataset.rendered = 'true';
    } else {
      chart.plot.setData(data, false);
      chart.plot.redraw();
    }
    this.#table(holder.table, xs, series, xLabel);
  }

  #table(table, xs, series, xLabel) {
    const head = el('tr');
    head.append(el('th', { text: '' }), ...series.map((s) => el('th', { className: 'number', text: s.label })));
    const rows = [];
    xs.forEach((x, i) => {
      if (series.every((s) => s.values[i] == null)) return;
      const tr = el('tr');
      const label = el('th', { text: xLabel(x) });
      label.scope = 'row';
      tr.append(label, ...series.map((s) => el('td', { className: 'number', text: s.values[i] == null ? '–' : String(Math.round(s.values[i] * 10) / 10) })));
      rows.push(tr);
    });
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    tbody.append(...rows);
    table.replaceChildren(thead, tbody);
  }
}

/** The page's colours (light or dark scheme) for the canvas, which cannot read CSS variables itself. */
function palette() {
  const style = getComputedStyle(document.documentElement);
  const read = (name, fallback) => toHex(style.getPropertyValue(name).trim()) ?? fallback;
  return { accent: read('--accent', '#1f6feb'), ok: read('--ok', '#1a7f37'), bad: read('--bad', '#cf222e'), warn: read('--warn', '#9a6700'), muted: read('--muted', '#5b6675'), line: read('--line', '#d9dee5') };
}

function toHex(value) {
  return /^#[0-9a-f]{6}$/i.test(value) ? value : null;
}

function hourLabel(h) {
  return `${String(h).padStart(2, '0')}:00`;
}

function indexBy(groups, key) {
  return new Map(groups.map((group) => [key(group), group]));
}

function startOfDay(date) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

function addDays(date, days) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** A local date as the statistics API takes it: yyyy-MM-dd (each department's own time zone applies). */
function day(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
