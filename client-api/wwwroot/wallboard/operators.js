// Operators: status, load/capacity, time in the current status and lateness, for thousands of operators. Frames only
// mark rows dirty; one animation frame updates those rows' cells (never the whole table) and reorders the rows only
// when the order really changed.

import { el } from '/shared/dom.js';
import { duration, frameBatcher, words } from './format.js';

const STATUS_ORDER = ['online', 'notResponding', 'wrappingUp', 'away', 'offline'];
const STATUS_TONE = { online: 'ok', notResponding: 'bad', wrappingUp: 'warn', away: 'warn', offline: '' };

export class OperatorTable {
  #body;
  #summary;
  #filterInput;
  #rows = new Map(); // operatorId -> {operator, tr, cells, shown:{}}
  #dirty = new Set();
  #order = []; // operatorIds in the order the rows are in the table
  #orderStale = true;
  #sortKey = 'status';
  #sortButtons;
  #schedule;
  #onSelect;

  /** table: the <table> (its thead has buttons with data-sort); summary: where the counts per status go. */
  constructor({ table, summary, filter, onSelect }) {
    this.#body = table.tBodies[0];
    this.#summary = summary;
    this.#filterInput = filter;
    this.#onSelect = onSelect;
    this.#schedule = frameBatcher(() => this.#render());
    this.#sortButtons = [...table.querySelectorAll('button[data-sort]')];
    for (const button of this.#sortButtons) button.addEventListener('click', () => this.sortBy(button.dataset.sort));
    filter.addEventListener('input', () => {
      this.#orderStale = true;
      this.#schedule();
    });
    // Times in status grow by themselves; the coarse format changes a cell at most once a second.
    setInterval(() => {
      for (const id of this.#rows.keys()) this.#dirty.add(id);
      this.#schedule();
    }, 1000);
    this.#markSort();
  }

  /** The `operators` snapshot (a fresh session). `statusSince` says when each status began; an operator who has not
   * changed status since the engine started recording it has none, and counts from when the page first saw them. */
  replace(states) {
    const now = Date.now();
    const seen = new Set();
    for (const state of states) {
      seen.add(state.operatorId);
      const row = this.#rows.get(state.operatorId);
      const before = row?.operator;
      const keep = before && before.status === state.status;
      this.#put({
        operatorId: state.operatorId,
        status: state.status,
        load: state.load,
        capacity: state.capacity,
        dialogs: state.conversations?.length ?? state.load,
        since: state.statusSince ? Date.parse(state.statusSince) : keep ? before.since : now,
        sinceKnown: state.statusSince ? true : keep ? before.sinceKnown : false,
        late: before?.late ?? false,
      });
    }
    for (const id of [...this.#rows.keys()]) if (!seen.has(id)) this.#remove(id);
  }

  /** An `operator-changed` frame: its `statusSince` (or, without one, the moment a status change is seen) starts the time in status. */
  change(changed) {
    const before = this.#rows.get(changed.operatorId)?.operator;
    const statusChanged = !before || before.status !== changed.status;
    this.#put({
      operatorId: changed.operatorId,
      status: changed.status,
      load: changed.load,
      capacity: changed.capacity,
      dialogs: changed.load,
      since: changed.statusSince ? Date.parse(changed.statusSince) : statusChanged ? Date.now() : before.since,
      sinceKnown: changed.statusSince || statusChanged ? true : before.sinceKnown,
      // A `late` alert holds until they come online.
      late: changed.status === 'online' ? false : before?.late ?? false,
    });
  }

  /** An `alert` of kind `late`. */
  late(operatorId) {
    const row = this.#rows.get(operatorId);
    if (!row) return;
    row.operator.late = true;
    this.#touch(operatorId);
  }

  get(operatorId) {
    return this.#rows.get(operatorId)?.operator;
  }

  all() {
    return [...this.#rows.values()].map((row) => row.operator);
  }

  sortBy(key) {
    this.#sortKey = key;
    this.#orderStale = true;
    this.#markSort();
    this.#schedule();
  }

  #markSort() {
    for (const button of this.#sortButtons) {
      const active = button.dataset.sort === this.#sortKey;
      button.closest('th').setAttribute('aria-sort', active ? (this.#sortKey === 'name' ? 'ascending' : 'descending') : 'none');
      button.classList.toggle('active', active);
    }
  }

  #put(operator) {
    let row = this.#rows.get(operator.operatorId);
    if (!row) {
      row = this.#createRow(operator.operatorId);
      this.#rows.set(operator.operatorId, row);
      this.#orderStale = true;
    } else if (this.#sortKey !== 'name' && (row.operator.status !== operator.status || row.operator.load !== operator.load)) {
      this.#orderStale = true;
    }
    row.operator = operator;
    this.#touch(operator.operatorId);
  }

  #remove(operatorId) {
    this.#rows.get(operatorId)?.tr.remove();
    this.#rows.delete(operatorId);
    this.#orderStale = true;
    this.#schedule();
  }

  #touch(operatorId) {
    this.#dirty.add(operatorId);
    this.#schedule();
  }

  #render() {
    const now = Date.now();
    for (const id of this.#dirty) {
      const row = this.#rows.get(id);
      if (row) this.#fill(row, now);
    }
    this.#dirty.clear();
    if (this.#orderStale) this.#reorder(now);
    this.#renderSummary();
  }

  #fill(row, now) {
    const op = row.operator;
    const { cells, shown } = row;
    if (shown.status !== op.status) {
      shown.status = op.status;
      cells.status.textContent = words(op.status);
      cells.status.className = `badge ${STATUS_TONE[op.status] ?? ''}`;
      row.tr.dataset.status = op.status;
    }
    const load = `${op.load} / ${op.capacity}`;
    if (shown.load !== load) {
      shown.load = load;
      cells.load.textContent = load;
      cells.meter.max = Math.max(1, op.capacity);
      cells.meter.value = op.load;
      cells.meter.classList.toggle('full', op.load >= op.capacity && op.capacity > 0);
    }
    const time = (op.sinceKnown ? '' : '≥ ') + duration((now - op.since) / 1000);
    if (shown.time !== time) {
      shown.time = time;
      cells.time.textContent = time;
      cells.time.title = op.sinceKnown ? 'since the status change' : 'since the page opened (this status began before the engine recorded status times)';
    }
    if (shown.late !== op.late) {
      shown.late = op.late;
      cells.late.textContent = op.late ? 'late' : '';
      cells.late.className = op.late ? 'badge bad' : '';
      row.tr.classList.toggle('is-late', op.late);
    }
  }

  #sortValue(op, now) {
    switch (this.#sortKey) {
      case 'load':
        return [-(op.capacity ? op.load / op.capacity : 0), op.operatorId];
      case 'time':
        return [op.since, op.operatorId];
      case 'name':
        return [op.operatorId];
      default:
        return [STATUS_ORDER.indexOf(op.status) >>> 0, op.operatorId];
    }
  }

  #reorder(now) {
    this.#orderStale = false;
    const filter = this.#filterInput.value.trim().toLowerCase();
    const visible = [];
    for (const row of this.#rows.values()) {
      const show = !filter || row.operator.operatorId.toLowerCase().includes(filter) || words(row.operator.status).includes(filter);
      row.tr.hidden = !show;
      if (show) visible.push(row);
    }
    const keyed = visible.map((row) => ({ row, key: this.#sortValue(row.operator, now) }));
    keyed.sort((a, b) => compareKeys(a.key, b.key));
    const order = keyed.map((entry) => entry.row.operator.operatorId);
    if (order.length === this.#order.length && order.every((id, i) => id === this.#order[i])) return;
    this.#order = order;
    // One fragment append moves every row once: one layout for the whole reorder.
    const fragment = document.createDocumentFragment();
    for (const { row } of keyed) fragment.append(row.tr);
    this.#body.append(fragment);
  }

  #renderSummary() {
    const counts = new Map();
    let late = 0;
    for (const { operator } of this.#rows.values()) {
      counts.set(operator.status, (counts.get(operator.status) ?? 0) + 1);
      if (operator.late) late++;
    }
    const parts = STATUS_ORDER.filter((status) => counts.get(status)).map((status) => `${counts.get(status)} ${words(status)}`);
    if (late) parts.push(`${late} late`);
    const text = parts.length ? parts.join(' · ') : 'no operators';
    if (this.#summary.textContent !== text) this.#summary.textContent = text;
  }

  #createRow(operatorId) {
    const tr = el('tr');
    tr.dataset.operator = operatorId;
    const nameCell = el('th');
    nameCell.scope = 'row';
    const name = el('button', { className: 'link', text: operatorId });
    name.type = 'button';
    name.title = 'Use this operator as the target of a move';
    name.addEventListener('click', () => this.#onSelect?.(operatorId));
    nameCell.append(name);
    const status = el('span', { className: 'badge' });
    const statusCell = el('td');
    statusCell.append(status);
    const loadCell = el('td', { className: 'load' });
    const load = el('span', { className: 'load-text' });
    const meter = el('meter');
    meter.min = 0;
    meter.setAttribute('aria-hidden', 'true'); // the text says it
    loadCell.append(load, meter);
    const time = el('td', { className: 'number time' });
    const lateCell = el('td');
    const late = el('span');
    lateCell.append(late);
    tr.append(nameCell, statusCell, loadCell, time, lateCell);
    return { operator: null, tr, cells: { status, load, meter, time, late }, shown: {} };
  }
}

function compareKeys(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}
