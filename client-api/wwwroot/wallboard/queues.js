// Live queues: one card per department with its depth, longest wait (ticking up from oldestWaitingSince between
// the server's queue-changed frames) and the live statistics (the `live` frame, REALTIME.md "Live statistics"):
// today's SLA share, answered and abandoned, in the workspace's time zone, and the last 15 minutes.

import { el } from '/shared/dom.js';
import { timeSpanSeconds } from '/shared/format.js';
import { duration, frameBatcher, percent } from './format.js';

/**
 * Used when the department's first-response target is not set: the engine's own default for live channels (chat,
 * messengers, social), README "Configuration".
 */
export const DEFAULT_TARGET_SECONDS = 60;

export class QueueBoard {
  #container;
  #departments; // Map id -> {name, targetSeconds}
  #queues = new Map(); // departmentId -> {depth, longestWaitSeconds, oldestWaitingSince, receivedAt}
  #cards = new Map(); // departmentId -> {card, depth, wait, sla, target, flag}
  #live = new Map(); // departmentId -> the department's scope of the last live frame
  #dirty = new Set();
  #schedule;

  constructor(container, departments) {
    this.#container = container;
    this.#departments = departments;
    this.#schedule = frameBatcher(() => this.#render());
    // The longest wait grows by itself: refresh the figures every second without waiting for a frame.
    setInterval(() => {
      for (const id of this.#queues.keys()) this.#dirty.add(id);
      this.#schedule();
    }, 1000);
  }

  /** The `queues` snapshot: every department's queue (replaces what was shown). */
  replace(queues) {
    this.#queues.clear();
    for (const card of this.#cards.values()) card.card.remove();
    this.#cards.clear();
    for (const queue of queues) this.update(queue);
  }

  /** A `queue-changed` frame (or one entry of the snapshot). */
  update(queue) {
    this.#queues.set(queue.departmentId, { ...queue, receivedAt: Date.now() });
    this.#dirty.add(queue.departmentId);
    this.#schedule();
  }

  /** A `live` frame (or the `live` reply): each department's figures, its queue and its first-response target. */
  setLive(frame) {
    for (const scope of frame.departments) {
      this.#live.set(scope.departmentId, scope);
      const known = this.#departments.get(scope.departmentId);
      this.#departments.set(scope.departmentId, { ...known, targetSeconds: timeSpanSeconds(scope.firstResponseTarget) ?? known?.targetSeconds ?? null });
      this.update({ departmentId: scope.departmentId, depth: scope.queueDepth, longestWaitSeconds: scope.longestWaitSeconds, oldestWaitingSince: scope.oldestWaitingSince });
    }
  }

  /** Department names or targets became known (admin key). */
  refreshAll() {
    for (const id of this.#queues.keys()) this.#dirty.add(id);
    this.#schedule();
  }

  departmentIds() {
    return [...this.#queues.keys()].sort();
  }

  depthOf(departmentId) {
    return this.#queues.get(departmentId)?.depth ?? 0;
  }

  /** Seconds the oldest dialog has waited now. */
  longestWait(queue) {
    if (!queue.depth) return null;
    if (queue.oldestWaitingSince) return (Date.now() - Date.parse(queue.oldestWaitingSince)) / 1000;
    if (queue.longestWaitSeconds != null) return queue.longestWaitSeconds + (Date.now() - queue.receivedAt) / 1000;
    return null;
  }

  #render() {
    const ids = [...this.#dirty];
    this.#dirty.clear();
    let added = false;
    for (const id of ids) {
      const queue = this.#queues.get(id);
      if (!queue) continue;
      let card = this.#cards.get(id);
      if (!card) {
        card = this.#createCard(id);
        this.#cards.set(id, card);
        added = true;
      }
      const department = this.#departments.get(id);
      card.name.textContent = department?.name || id;
      card.id.textContent = department?.name && department.name !== id ? id : '';
      const wait = this.longestWait(queue);
      const target = department?.targetSeconds ?? null;
      const limit = target ?? DEFAULT_TARGET_SECONDS;
      // Red past the first-response target, amber past half of it: the dialog will breach soon.
      const tone = wait == null ? 'ok' : wait >= limit ? 'bad' : wait >= limit / 2 ? 'warn' : 'ok';
      setText(card.depth, String(queue.depth));
      setText(card.wait, wait == null ? '–' : duration(wait));
      const live = this.#live.get(id);
      const share = live?.today.slaShare ?? null;
      setText(card.sla, percent(share));
      card.sla.classList.toggle('low', share != null && share < 0.8);
      setText(card.answered, live ? String(live.today.answered) : '–');
      setText(card.abandoned, live ? String(live.today.abandoned) : '–');
      const recent = live?.last15Minutes;
      setText(card.recent, recent ? `last 15 min: ${recent.arrivals} in, ${recent.answered} answered, ${recent.abandoned} abandoned` : '');
      setText(card.target, target == null ? `default target ${duration(limit)}` : `target ${duration(target)}`);
      setText(card.flag, tone === 'bad' ? 'over target' : tone === 'warn' ? 'near target' : 'on target');
      card.flag.className = `badge ${tone}`;
      card.card.dataset.tone = tone;
      card.card.dataset.depth = String(queue.depth);
    }
    if (added) {
      for (const id of [...this.#cards.keys()].sort()) this.#container.append(this.#cards.get(id).card);
    }
  }

  #createCard(id) {
    const card = el('article', { className: 'queue' });
    card.dataset.department = id;
    const head = el('h3');
    const name = el('span', { className: 'queue-name' });
    const idText = el('span', { className: 'muted queue-id' });
    const flag = el('span', { className: 'badge ok' });
    head.append(name, ' ', idText);
    const figures = el('dl', { className: 'figures' });
    const figure = (label, className) => {
      const box = el('div');
      const value = el('dd', { className: className });
      box.append(el('dt', { text: label }), value);
      figures.append(box);
      return value;
    };
    const depth = figure('Waiting', 'depth');
    const wait = figure('Longest wait', 'wait');
    const sla = figure('SLA today', 'sla');
    const answered = figure('Answered today', 'answered');
    const abandoned = figure('Abandoned today', 'abandoned');
    const recent = el('p', { className: 'muted small recent' });
    const foot = el('p', { className: 'queue-foot' });
    const target = el('span', { className: 'muted target' });
    foot.append(flag, ' ', target);
    card.append(head, figures, recent, foot);
    return { card, name, id: idText, depth, wait, sla, answered, abandoned, recent, target, flag };
  }
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
