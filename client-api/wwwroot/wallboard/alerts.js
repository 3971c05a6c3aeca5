// Alerts (`alert` frames: rescue-limit, sla-breached, late, webhook-failed) as a live list, newest first, capped.

import { el } from '/shared/dom.js';
import { clock } from '/shared/format.js';

const MAX_ALERTS = 100;
const TONES = { 'sla-breached': 'bad', 'rescue-limit': 'bad', late: 'warn', 'webhook-failed': 'bad' };
const TITLES = { 'sla-breached': 'SLA breached', 'rescue-limit': 'Rescue limit', late: 'Late', 'webhook-failed': 'Webhook failed' };

export class AlertList {
  #list;
  #empty;
  #count;
  #onConversation;

  constructor({ list, empty, count, clear, onConversation }) {
    this.#list = list;
    this.#empty = empty;
    this.#count = count;
    this.#onConversation = onConversation;
    clear.addEventListener('click', () => {
      this.#list.replaceChildren();
      this.#update();
    });
    this.#update();
  }

  add(alert) {
    const item = el('li', { className: 'alert' });
    item.dataset.kind = alert.kind;
    const head = el('div', { className: 'alert-head' });
    head.append(el('span', { className: `badge ${TONES[alert.kind] ?? 'warn'}`, text: TITLES[alert.kind] ?? alert.kind }), ' ', el('time', { className: 'muted', text: clock(new Date()) }));
    const detail = el('p', { className: 'alert-detail', text: alert.detail ?? '' });
    const about = el('p', { className: 'alert-about muted' });
    if (alert.departmentId) about.append(`department ${alert.departmentId} `);
    if (alert.operatorId) about.append(`operator ${alert.operatorId} `);
    if (alert.conversationId) {
      const open = el('button', { className: 'link', text: `conversation ${alert.conversationId}` });
      open.type = 'button';
      open.addEventListener('click', () => this.#onConversation?.(alert.conversationId));
      about.append(open);
    }
    item.append(head, detail, about);
    this.#list.prepend(item);
    while (this.#list.children.length > MAX_ALERTS) this.#list.lastElementChild.remove();
    this.#update();
  }

  #update() {
    const n = this.#list.children.length;
    this.#empty.hidden = n > 0;
    this.#count.textContent = n ? String(n) : '';
  }
}
