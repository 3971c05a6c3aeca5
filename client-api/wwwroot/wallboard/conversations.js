// Live conversations (from `conversation-changed`; on a fresh session seeded from the queues' waiting dialogs and
// the operators' held ones) and the selected conversation's panel: move it by hand, close it, monitor it read-only,
// join it and write as supervisor. Every refusal is shown with the engine's code and detail.

import { el } from '/shared/dom.js';
import { clock, describeError, randomId } from '/shared/format.js';
import { duration, frameBatcher, words } from './format.js';

const MAX_ROWS = 300; // a wallboard shows the oldest first; the rest is counted
const WAITING = new Set(['new', 'bot', 'queued', 'offered']);
const MAX_MESSAGES = 200;

export class ConversationList {
  #body;
  #filter;
  #note;
  #items = new Map(); // conversationId -> {conversationId, status, departmentId, operatorId, since, sinceKnown}
  #rows = new Map(); // conversationId -> {tr, cells, shown}
  #schedule;
  #orderStale = true;
  #selected = null;
  #onSelect;
  #marks = () => '';

  constructor({ table, filter, note, onSelect }) {
    this.#body = table.tBodies[0];
    this.#filter = filter;
    this.#note = note;
    this.#onSelect = onSelect;
    this.#schedule = frameBatcher(() => this.#render());
    filter.addEventListener('change', () => {
      this.#orderStale = true;
      this.#schedule();
    });
    setInterval(() => this.#schedule(), 1000); // waiting times tick
  }

  /** How a row shows whether it is monitored or joined. */
  set marks(fn) {
    this.#marks = fn;
  }

  clear() {
    this.#items.clear();
    for (const row of this.#rows.values()) row.tr.remove();
    this.#rows.clear();
    this.#orderStale = true;
    this.#schedule();
  }

  /** A dialog known from REST on a fresh session; a frame seen meanwhile is newer and wins. */
  seed(item) {
    if (this.#items.has(item.conversationId)) return;
    this.#items.set(item.conversationId, item);
    this.#orderStale = true;
    this.#schedule();
  }

  /** A `conversation-changed` frame. A closed conversation leaves the list. */
  change(changed) {
    const before = this.#items.get(changed.conversationId);
    if (changed.status === 'closed') {
      this.#items.delete(changed.conversationId);
    } else {
      const moved = !before || before.status !== changed.status || before.operatorId !== changed.operatorId || before.departmentId !== changed.departmentId;
      // Waiting again after a rescue or a decline keeps the original wait; we only know when we saw it change.
      this.#items.set(changed.conversationId, {
        conversationId: changed.conversationId,
        status: changed.status,
        departmentId: changed.departmentId,
        operatorId: changed.operatorId,
        since: moved ? Date.now() : before.since,
        sinceKnown: moved ? true : before.sinceKnown,
        kind: changed.kind,
      });
    }
    this.#orderStale = true;
    this.#schedule();
  }

  /** Details read over REST for a seeded dialog (status, department); a frame seen meanwhile is newer and wins. */
  enrich(view) {
    const item = this.#items.get(view.conversationId);
    if (!item?.seeded) return;
    if (view.status === 'closed') this.#items.delete(view.conversationId);
    else Object.assign(item, { status: view.status, departmentId: view.departmentId, operatorId: view.operatorId ?? null, seeded: false });
    this.#orderStale = true;
    this.#schedule();
  }

  get(conversationId) {
    return this.#items.get(conversationId);
  }

  select(conversationId) {
    this.#selected = conversationId;
    this.refresh();
  }

  refresh() {
    for (const row of this.#rows.values()) row.shown = {};
    this.#schedule();
  }

  #visible() {
    const mode = this.#filter.value;
    const list = [...this.#items.values()].filter((item) =>
      mode === 'waiting' ? WAITING.has(item.status) : mode === 'assigned' ? !WAITING.has(item.status) : true);
    // Waiting first, the longest waiting first; then the held ones, the oldest first.
    list.sort((a, b) => (WAITING.has(b.status) - WAITING.has(a.status)) || a.since - b.since || (a.conversationId < b.conversationId ? -1 : 1));
    return list;
  }

  #render() {
    const now = Date.now();
    if (this.#orderStale) {
      this.#orderStale = false;
      const list = this.#visible();
      const shown = list.slice(0, MAX_ROWS);
      const keep = new Set(shown.map((item) => item.conversationId));
      for (const [id, row] of this.#rows) if (!keep.has(id)) {
        row.tr.remove();
        this.#rows.delete(id);
      }
      const fragment = document.createDocumentFragment();
      for (const item of shown) {
        let row = this.#rows.get(item.conversationId);
        if (!row) {
          row = this.#createRow(item.conversationId);
          this.#rows.set(item.conversationId, row);
        }
        fragment.append(row.tr);
      }
      this.#body.append(fragment);
      const waiting = list.filter((item) => WAITING.has(item.status)).length;
      this.#note.textContent = list.length > MAX_ROWS
        ? `${list.length} conversations (${waiting} waiting); the ${MAX_ROWS} oldest are listed`
        : list.length ? `${list.length} conversations, ${waiting} waiting` : 'No open conversation seen yet: they appear as they change.';
    }
    for (const [id, row] of this.#rows) {
      const item = this.#items.get(id);
      if (item) this.#fill(row, item, now);
    }
  }

  #fill(row, item, now) {
    const { cells, shown } = row;
    const status = words(item.status);
    if (shown.status !== status) {
      shown.status = status;
      cells.status.textContent = status;
      cells.status.className = `badge ${WAITING.has(item.status) ? 'warn' : 'ok'}`;
      row.tr.dataset.status = item.status;
    }
    const department = item.departmentId || '…';
    if (shown.department !== department) cells.department.textContent = shown.department = department;
    const operator = item.operatorId ?? '–';
    if (shown.operator !== operator) cells.operator.textContent = shown.operator = operator;
    const time = (item.sinceKnown ? '' : '≥ ') + duration((now - item.since) / 1000);
    if (shown.time !== time) cells.time.textContent = shown.time = time;
    const mark = this.#marks(item.conversationId);
    if (shown.mark !== mark) {
      shown.mark = mark;
      cells.mark.textContent = mark;
      cells.mark.className = mark ? 'badge ok mark' : 'mark';
    }
    const selected = this.#selected === item.conversationId;
    if (shown.selected !== selected) {
      shown.selected = selected;
      row.tr.classList.toggle('selected', selected);
      cells.open.setAttribute('aria-pressed', String(selected));
    }
  }

  #createRow(conversationId) {
    const tr = el('tr');
    tr.dataset.conversation = conversationId;
    const idCell = el('th');
    idCell.scope = 'row';
    const open = el('button', { className: 'link', text: conversationId });
    open.type = 'button';
    open.setAttribute('aria-label', `Open conversation ${conversationId}`);
    open.addEventListener('click', () => this.#onSelect(conversationId));
    const mark = el('span', { className: 'mark' });
    idCell.append(open, ' ', mark);
    const status = el('span', { className: 'badge' });
    const statusCell = el('td');
    statusCell.append(status);
    const department = el('td');
    const operator = el('td');
    const time = el('td', { className: 'number' });
    tr.append(idCell, statusCell, department, operator, time);
    return { tr, cells: { open, mark, status, department, operator, time }, shown: {} };
  }
}

/** The selected conversation's panel and the dialogs this session monitors or joined. */
export class ConversationDetail {
  #ui;
  #session = null;
  #list;
  #operators;
  #departments;
  #selected = null;
  #view = null; // the conversation as last read (REST or monitor reply)
  #followed = new Map(); // conversationId -> {joined, messages: [], lastSequence}
  #fetch;

  /** ui: the panel's elements (see index.html); fetchConversation(id) -> ConversationView via REST. */
  constructor({ ui, list, operators, departments, fetchConversation }) {
    this.#ui = ui;
    this.#list = list;
    this.#operators = operators;
    this.#departments = departments;
    this.#fetch = fetchConversation;
    list.marks = (id) => {
      const followed = this.#followed.get(id);
      return followed ? (followed.joined ? 'joined' : 'monitored') : '';
    };
    ui.assignForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const operatorId = ui.assignOperator.value;
      if (!operatorId) return this.#error('Choose an operator to assign to');
      const data = { conversationId: this.#selected, operatorId, force: ui.assignForce.checked };
      if (ui.assignNote.value.trim()) data.note = ui.assignNote.value.trim();
      this.#run('assign', data, `Assigned to ${operatorId}${data.force ? ' (forced)' : ''}`);
    });
    ui.transferForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const [kind, id] = splitTarget(ui.transferTarget.value);
      if (!id) return this.#error('Choose a department or an operator to transfer to');
      const data = { conversationId: this.#selected, [kind === 'department' ? 'departmentId' : 'operatorId']: id };
      if (ui.transferNote.value.trim()) data.note = ui.transferNote.value.trim();
      this.#run('transfer', data, `Transferred to ${kind} ${id}`);
    });
    ui.close.addEventListener('click', () => this.#run('close', { conversationId: this.#selected }, 'Closed'));
    ui.monitor.addEventListener('click', () => this.#follow('monitor'));
    ui.join.addEventListener('click', () => this.#follow('join'));
    ui.unfollow.addEventListener('click', () => this.#unfollow());
    ui.sendForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#send();
    });
    ui.sendText.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.#send();
      }
    });
    ui.sendText.addEventListener('input', () => {
      if (this.#selected && this.#followed.get(this.#selected)?.joined) this.#session?.notify('typing', { conversationId: this.#selected });
    });
    ui.assignOperator.addEventListener('focus', () => this.#fillTargets());
    ui.transferTarget.addEventListener('focus', () => this.#fillTargets());
  }

  set session(session) {
    this.#session = session;
  }

  /** A fresh session follows nothing: follow again what this page followed. */
  async refollow() {
    for (const [id, followed] of this.#followed) {
      try {
        const reply = await this.#session.command(followed.joined ? 'join' : 'monitor', { conversationId: id });
        followed.messages = merge(followed.messages, reply.messages);
        followed.lastSequence = followed.messages.at(-1)?.sequence ?? 0;
        if (id === this.#selected) {
          this.#view = reply.conversation;
          this.#render();
          this.#renderMessages();
        }
      } catch (error) {
        this.#followed.delete(id);
        if (id === this.#selected) this.#error(describeError(error));
      }
    }
    this.#list.refresh();
  }

  /** Operators the move forms offer; an operator name clicked in the table becomes the assign target. */
  chooseOperator(operatorId) {
    this.#fillTargets();
    this.#ui.assignOperator.value = operatorId;
    this.#ui.transferTarget.value = `operator:${operatorId}`;
  }

  async select(conversationId) {
    this.#selected = conversationId;
    this.#list.select(conversationId);
    this.#view = null;
    this.#ui.status.textContent = '';
    this.#ui.error.textContent = '';
    this.#ui.empty.hidden = true;
    this.#ui.body.hidden = false;
    this.#fillTargets();
    this.#render();
    this.#renderMessages();
    this.#ui.title.focus();
    try {
      const view = await this.#fetch(conversationId);
      if (this.#selected === conversationId) {
        this.#view = view;
        this.#render();
      }
    } catch (error) {
      if (this.#selected === conversationId) this.#error(describeError(error));
    }
  }

  /** A `conversation-changed` frame: the panel follows the selected conversation's moves. */
  changed(changed) {
    if (changed.conversationId !== this.#selected) return;
    this.#view = { ...(this.#view ?? { conversationId: changed.conversationId }), status: changed.status, departmentId: changed.departmentId, operatorId: changed.operatorId };
    this.#render();
  }

  /** A `message` frame of a monitored or joined dialog. */
  message(message) {
    const followed = this.#followed.get(message.conversationId);
    if (!followed || message.sequence <= followed.lastSequence) return;
    followed.messages.push(message);
    followed.lastSequence = message.sequence;
    if (followed.messages.length > MAX_MESSAGES) followed.messages.shift();
    if (message.conversationId === this.#selected) this.#appendMessage(message);
  }

  /** A `typing` frame of a followed dialog. */
  typing(typing) {
    if (typing.conversationId !== this.#selected) return;
    const who = typing.author === 'operator' ? `operator ${typing.operatorId}` : typing.author;
    this.#ui.typing.textContent = `${who} is typing…`;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => (this.#ui.typing.textContent = ''), 4000);
  }

  async #run(type, data, done) {
    this.#ui.status.textContent = '';
    await this.#act(async () => {
      const reply = await this.#session.command(type, data);
      if (reply && reply.conversationId === this.#selected) this.#view = reply;
      this.#ui.status.textContent = done;
      this.#render();
    });
  }

  /** Runs a command with the panel's buttons disabled; a refusal is shown as the engine said it. */
  async #act(action) {
    this.#ui.error.textContent = '';
    this.#busy(true);
    try {
      await action();
    } catch (error) {
      this.#error(describeError(error));
    } finally {
      this.#busy(false);
    }
  }

  async #follow(type) {
    const conversationId = this.#selected;
    await this.#act(async () => {
      const reply = await this.#session.command(type, { conversationId });
      const before = this.#followed.get(conversationId);
      // Joining a monitored dialog answers only what this session has not seen yet: keep what is shown.
      const messages = merge(before?.messages ?? [], reply.messages);
      this.#followed.set(conversationId, {
        joined: type === 'join' || (before?.joined ?? false),
        messages,
        lastSequence: messages.at(-1)?.sequence ?? 0,
      });
      if (this.#selected === conversationId) {
        this.#view = reply.conversation;
        this.#ui.status.textContent = type === 'join' ? 'Joined: you can write to the customer and the operator' : 'Monitoring: messages arrive live (read-only)';
        this.#render();
        this.#renderMessages();
      }
      this.#list.refresh();
    });
  }

  async #unfollow() {
    const conversationId = this.#selected;
    const followed = this.#followed.get(conversationId);
    if (!followed) return;
    await this.#act(async () => {
      await this.#session.command(followed.joined ? 'leave' : 'unmonitor', { conversationId });
      this.#followed.delete(conversationId);
      this.#ui.status.textContent = followed.joined ? 'Left the conversation' : 'Stopped monitoring';
      this.#render();
      this.#renderMessages();
      this.#list.refresh();
    });
  }

  async #send() {
    const text = this.#ui.sendText.value;
    if (!text.trim()) return;
    const conversationId = this.#selected;
    this.#ui.error.textContent = '';
    this.#ui.send.disabled = true;
    try {
      // A clientMessageId lets a resend after a dropped connection be stored once.
      const clientMessageId = `wallboard-${randomId()}`;
      await this.#session.command('send', { conversationId, text, clientMessageId }, { resendable: true });
      if (this.#selected === conversationId) this.#ui.sendText.value = '';
    } catch (error) {
      this.#error(describeError(error));
    } finally {
      this.#ui.send.disabled = false;
    }
  }

  #busy(busy) {
    for (const button of this.#ui.body.querySelectorAll('button')) button.disabled = busy;
    if (!busy) this.#render();
  }

  #error(text) {
    this.#ui.error.textContent = text;
  }

  #render() {
    const ui = this.#ui;
    const id = this.#selected;
    if (!id) return;
    const item = this.#list.get(id);
    const view = { ...(item ?? {}), ...(this.#view ?? {}) };
    ui.title.textContent = `Conversation ${id}`;
    const rows = [
      ['Status', words(view.status ?? '…')],
      ['Department', view.departmentId ?? '…'],
      ['Operator', view.operatorId ?? '–'],
      ['Channel', view.channel ?? '…'],
      ['Customer', view.customerId ?? '…'],
      ['Opened', view.createdAt ? clock(view.createdAt) : '…'],
      ['Messages', view.messagesLength != null ? String(view.messagesLength) : '…'],
    ];
    const facts = document.createDocumentFragment();
    for (const [label, value] of rows) {
      const box = el('div');
      box.append(el('dt', { text: label }), el('dd', { text: value }));
      facts.append(box);
    }
    ui.facts.replaceChildren(facts);
    const followed = this.#followed.get(id);
    const closed = view.status === 'closed';
    ui.monitor.hidden = !!followed;
    ui.join.hidden = !!followed?.joined;
    ui.unfollow.hidden = !followed;
    ui.unfollow.textContent = followed?.joined ? 'Leave' : 'Stop monitoring';
    ui.monitorPanel.hidden = !followed;
    ui.monitorTitle.textContent = followed?.joined ? 'Live messages (joined: you write as supervisor)' : 'Live messages (read-only)';
    ui.sendForm.hidden = !followed?.joined;
    for (const node of [ui.assignForm, ui.transferForm]) for (const control of node.elements) control.disabled = closed;
    ui.close.disabled = closed;
  }

  #renderMessages() {
    const followed = this.#followed.get(this.#selected);
    this.#ui.messages.replaceChildren();
    this.#ui.typing.textContent = '';
    for (const message of followed?.messages ?? []) this.#appendMessage(message);
  }

  #appendMessage(message) {
    const item = el('li', { className: `message from-${message.author}` });
    const who = message.author === 'operator' ? `operator ${message.operatorId ?? ''}`
      : message.author === 'supervisor' ? `supervisor ${message.operatorId ?? ''}` : message.author;
    const head = el('div', { className: 'message-head' });
    head.append(el('strong', { text: who.trim() }), ' ', el('time', { className: 'muted', text: clock(message.at) }));
    item.append(head, el('p', { className: 'message-text', text: message.text ?? '' }));
    for (const attachment of message.attachments ?? []) item.append(el('p', { className: 'muted', text: `attachment: ${attachment.fileName} (${attachment.contentType})` }));
    this.#ui.messages.append(item);
    this.#ui.messages.scrollTop = this.#ui.messages.scrollHeight;
  }

  /** Fills the operator and transfer-target choices from what the wallboard knows now, keeping the choice made. */
  #fillTargets() {
    const { assignOperator, transferTarget } = this.#ui;
    const assignValue = assignOperator.value;
    const transferValue = transferTarget.value;
    const operators = this.#operators.all().sort((a, b) => (a.operatorId < b.operatorId ? -1 : 1));
    const operatorOption = (op, prefix = '') => {
      const option = el('option', { text: `${op.operatorId} — ${words(op.status)}, ${op.load}/${op.capacity}` });
      option.value = prefix + op.operatorId;
      return option;
    };
    const choose = el('option', { text: 'Choose…' });
    choose.value = '';
    assignOperator.replaceChildren(choose, ...operators.map((op) => operatorOption(op)));
    const departments = el('optgroup');
    departments.label = 'Departments (queue)';
    for (const id of this.#departments()) {
      const option = el('option', { text: id });
      option.value = `department:${id}`;
      departments.append(option);
    }
    const people = el('optgroup');
    people.label = 'Operators';
    people.append(...operators.map((op) => operatorOption(op, 'operator:')));
    const choose2 = choose.cloneNode(true);
    transferTarget.replaceChildren(choose2, departments, people);
    assignOperator.value = assignValue;
    transferTarget.value = transferValue;
  }
}

function splitTarget(value) {
  const at = value.indexOf(':');
  return at < 0 ? [null, null] : [value.slice(0, at), value.slice(at + 1)];
}

/** Messages by sequence, each once, the last MAX_MESSAGES. */
function merge(shown, received) {
  const bySequence = new Map(shown.map((m) => [m.sequence, m]));
  for (const message of received ?? []) bySequence.set(message.sequence, message);
  return [...bySequence.values()].sort((a, b) => a.sequence - b.sequence).slice(-MAX_MESSAGES);
}
