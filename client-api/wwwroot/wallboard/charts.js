// Charts of the statistics API (GET stats, R20; GET staffing/gap): arrivals and answered per hour today, wait
// percentiles per hour, this week against last week per day, and needed against scheduled per hour of the coming week. Statistics are projected
// from the timelines in the background, so the figures trail the live board by a second or so; they are read again
// every 30 s. Each chart also has its figures as a table (for screen readers, and to read exact numbers). Today and this
// week are the workspace's (its time zone, as the live frames carry it), not the browser's: the charts wait for the first.

import uPlot from '/vendor/uplot/uPlot.esm.js';
import { api, workspacePath } from '/shared/api.js';
import { el } from '/shared/dom.js';
import { clock, describeError } from '/shared/format.js';
import { percent, duration } from './format.js';

const REFRESH_MS = 30_000;
const NUDGE_DELAY_MS = 3_000;
const MIN_REFRESH_GAP_MS = 5_000;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export class StatsCharts {
  #ui;
  #workspace;
  #credential;
  #context; // () => {departmentIds}
  #charts = new Map(); // name -> {plot, holder}
  #timer = null;
  #nudged = null;
  #lastRefresh = 0;
  #today = null; // {day: 'yyyy-MM-dd', hour} in the workspace's time zone, from the live frames

  constructor({ ui, workspace, credential, context }) {
    this.#ui = ui;
    this.#workspace = workspace;
    this.#credential = credential;
    this.#context = context;
    ui.refresh.addEventListener('click', () => this.refresh());
  }

  start() {
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

  /**
   * The workspace's date and hour from a live frame (`day`, `hourStart`, `timeZoneId`): the statistics' "today" and
   * "this week". The first one, and a new day, read the statistics at once.
   */
  setToday({ day: date, hourStart, timeZoneId }) {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: timeZoneId, hour: '2-digit', hourCycle: 'h23' }).format(new Date(hourStart)));
    const newDay = this.#today?.day !== date;
    this.#today = { day: date, hour };
    if (newDay) this.refresh();
  }

  async refresh() {
    if (!this.#today) return; // until the first live frame says which day it is in the workspace
    this.#lastRefresh = Date.now();
    const today = parseDay(this.#today.day);
    const tomorrow = addDays(today, 1);
    const monday = addDays(today, -weekday(today));
    const stats = (query) => api(workspacePath(this.#workspace, `/stats?${new URLSearchParams(query)}`), { credential: this.#credential });
    try {
      const [hourly, week] = await Promise.all([
        stats({ from: day(today), to: day(tomorrow), groupBy: 'hour' }),
        stats({ from: day(monday), to: day(addDays(monday, 7)), groupBy: 'day' }),
      ]);
      const byHour = indexBy(hourly.current.groups, (group) => Number(group.group.hour.slice(11, 13)));
      this.#totals(hourly.current.groups.map((g) => g.figures));
      const hours = [...Array(24).keys()];
      const currentHour = this.#today.hour;
      this.#arrivals(hours, byHour, currentHour);
      this.#waits(hours, byHour, currentHour);
      this.#week(week, monday, weekday(today));
      await this.#staffing();
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

  #week(report, monday, today) {
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
   * The coming week (GET staffing/gap, per department in its own time zone, summed): operators needed for 80 % answered
   * within each department's first-response target, from the last four weeks' arrivals and handle times, against those
   * the work schedules put on shift, per hour from Monday 00:00. Hours where neither is above zero are left blank.
   */
  async #staffing() {
    const { departmentIds } = this.#context();
    const gaps = await Promise.all(departmentIds.map((departmentId) =>
      api(workspacePath(this.#workspace, `/staffing/gap?${new URLSearchParams({ departmentId })}`), { credential: this.#credential })));
    const hours = [...Array(7 * 24).keys()];
    const needed = hours.map(() => 0);
    const scheduled = hours.map(() => 0);
    for (const gap of gaps) {
      // The repeated hour of a fall-back night is one hour of the week here: the later figures stand.
      const byHour = new Map(gap.hours.map((hour) => [hourOfWeek(gap.weekStart, hour.start), hour]));
      for (const [i, hour] of byHour) {
        needed[i] += hour.neededOperators;
        scheduled[i] += hour.scheduledOperators;
      }
    }
    const blank = (values) => values.map((v, i) => (v > 0 || needed[i] > 0 || scheduled[i] > 0 ? v : null));
    this.#draw('staffing', hours, [
      { label: 'Needed (Erlang C)', values: blank(needed), color: 'bad', stepped: true },
      { label: 'Scheduled', values: blank(scheduled), color: 'ok', stepped: true, fill: true },
    ], { x: weekHourLabel, y: 'operators', incrs: [6, 12, 24] });
    const short = hours.filter((i) => scheduled[i] < needed[i]).length;
    const from = gaps[0]?.weekStart;
    this.#ui.staffingNote.textContent = from
      ? `Week from Monday ${from}: needed for 80 % answered within each department's first-response target, from the last `
        + `${gaps[0].weeks} weeks' arrivals and handle times; scheduled from the operators' work schedules. Short in ${short} hour(s).`
      : 'No department yet.';
  }

  /** Draws (or updates) one chart and its table. series: [{label, values, color, bars?, stepped?, fill?}]. */
  #draw(name, xs, series, { x: xLabel, y: yLabel, incrs = [1, 2, 3, 6] }) {
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
          { stroke: colors.muted, grid: { show: false }, ticks: { stroke: colors.line }, values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? xLabel(t) : '')), incrs },
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

function weekHourLabel(i) {
  return `${DAYS[Math.floor(i / 24)] ?? ''} ${hourLabel(i % 24)}`;
}

/** The hour of the week (0: Monday 00:00) of a gap hour's start ("2026-03-09T10:00:00+01:00", the department's wall clock). */
function hourOfWeek(weekStart, start) {
  const days = (Date.parse(start.slice(0, 10)) - Date.parse(weekStart)) / 86_400_000;
  return days * 24 + Number(start.slice(11, 13));
}

function indexBy(groups, key) {
  return new Map(groups.map((group) => [key(group), group]));
}

// Dates of the workspace's calendar, held as UTC midnights so the browser's own zone never shifts them.
function parseDay(text) {
  const [year, month, date] = text.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date));
}

function addDays(date, days) {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days));
}

/** 0: Monday .. 6: Sunday. */
function weekday(date) {
  return (date.getUTCDay() + 6) % 7;
}

/** A date as the statistics API takes it: yyyy-MM-dd (in the workspace's time zone once it has one). */
function day(date) {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}
