// Incoming (pull, issue 15): the waiting dialogs of the operator's departments that the routing rules give them, and
// the Take button. The engine sends the whole list as `incoming` when the session starts, then `incoming-dialog` (one
// appeared or changed) and `incoming-removed` (it left); `take` assigns it atomically or is refused with nothing changed.

import { el, redrawKeepingFocus } from '../shared/dom.js';
import { describeError } from '../shared/format.js';
import { duration } from './format.js';

const WHY_NOT_NOW = {
  notOnline: 'Go online to take it',
  noCapacity: 'No free capacity for this channel: close or transfer a dialog first',
};

// What a refused take means for the operator (REALTIME.md, error codes); the engine's own detail follows it.
const REFUSALS = {
  'already-taken': 'Someone else got it first (a colleague or the router), or it was moved or closed.',
  'no-capacity': 'You have no free capacity for it: close or transfer a dialog first.',
  'not-eligible': 'The routing rules do not give it to you.',
  'not-found': 'That dialog does not exist any more.',
};

/**
 * The Incoming panel. `context`: { command(type, data, options), open(conversationId), announce(text) }.
 * The panel shows when the list has something; once shown it stays for the session (an empty "nothing waiting" rather
 * than a panel that blinks in and out): an operator cannot read their departments' distribution mode, only this list.
 */
export class IncomingPanel {
  constructor(section, context) {
    this.section = section;
    this.list = section.querySelector('.incoming-list');
    this.count = section.querySelector('.incoming-count');
    this.empty = section.querySelector('.incoming-empty');
    this.error = section.querySelector('.incoming-error');
    this.context = context;
    this.items = new Map();
    this.busy = new Set();
    this.everShown = false;
  }

  /** The `incoming` frame (or the command's reply): the whole list, replacing what was shown. */
  replace(entries) {
    this.items = new Map(entries.map((entry) => [entry.conversationId, this.received(entry)]));
    this.render();
  }

  /** `incoming-dialog`: one that appeared, or whose takeability or priority changed. */
  upsert(entry) {
    const known = this.items.has(entry.conversationId);
    this.items.set(entry.conversationId, this.received(entry));
    if (!known) this.context.announce(`Waiting in Incoming: a ${entry.channel} dialog of ${entry.departmentId}.`);
    this.render();
  }

  /** `incoming-removed`: taken, assigned, moved, closed or pushed out of the first 50. */
  remove(conversationId) {
    if (this.items.delete(conversationId)) this.render();
  }

  // The wait counts on from what the engine measured (its clock, not the browser's, decides how long it waited).
  received(entry) {
    return { ...entry, since: Date.now() - (entry.waitedSeconds ?? 0) * 1000 };
  }

  async take(conversationId) {
    const entry = this.items.get(conversationId);
    if (!entry || this.busy.has(conversationId)) return;
    this.busy.add(conversationId);
    this.error.replaceChildren();
    this.render();
    try {
      await this.context.command('take', { conversationId });
      this.items.delete(conversationId);
      this.context.open(conversationId); // its `dialog` frame follows (or came already)
    } catch (error) {
      this.error.replaceChildren(
        el('strong', { text: `Not taken (the ${entry.channel} dialog of ${entry.departmentId}): ${REFUSALS[error.code] ?? 'the engine refused it.'}` }),
        el('span', { className: 'incoming-error-detail', text: describeError(error) }));
      if (error.code === 'already-taken' || error.code === 'not-found') this.items.delete(conversationId);
      this.resync();
    } finally {
      this.busy.delete(conversationId);
      this.render();
    }
  }

  // After a refusal the list may be stale (the change that explains it can still be on its way): ask for it whole.
  async resync() {
    try {
      this.replace(await this.context.command('incoming', undefined, { resendable: true }));
    } catch {
      // The next change brings it; the refusal is already shown.
    }
  }

  render() {
    const entries = [...this.items.values()];
    this.everShown ||= entries.length > 0;
    this.section.hidden = !this.everShown;
    this.count.textContent = entries.length ? `(${entries.length})` : '';
    this.empty.hidden = entries.length > 0;
    redrawKeepingFocus(this.list, () => this.list.replaceChildren(...entries.map((entry) => this.item(entry))));
  }

  item(entry) {
    const busy = this.busy.has(entry.conversationId);
    const why = entry.canTakeNow ? null : WHY_NOT_NOW[entry.whyNotNow] ?? 'You cannot take it now';
    const label = `${entry.channel} dialog of ${entry.departmentId}, ${entry.priority} priority`;
    return el('li', { className: `incoming-card priority-${entry.priority}`, dataset: { conversation: entry.conversationId }, 'aria-label': label },
      el('div', { className: 'incoming-head' },
        el('span', { className: 'badge', text: entry.channel }),
        el('strong', { text: entry.departmentId }),
        entry.priority !== 'normal' ? el('span', { className: 'badge priority', text: entry.priority }) : null,
        entry.heldForYou ? el('span', { className: 'badge ok', text: 'held for you' }) : null),
      el('p', { className: 'incoming-wait muted' },
        'Waiting ', el('span', { className: 'tick', dataset: { since: String(entry.since) }, text: duration(Date.now() - entry.since) }),
        el('span', { className: 'incoming-id', text: ` · ${entry.conversationId}` })),
      why ? el('p', { className: 'incoming-why', text: why }) : null,
      el('button', {
        type: 'button', className: 'primary', text: busy ? 'Taking…' : 'Take', disabled: busy || !entry.canTakeNow,
        'aria-label': `Take the ${label}`, dataset: { focusKey: `take:${entry.conversationId}` }, onClick: () => this.take(entry.conversationId),
      }));
  }
}
