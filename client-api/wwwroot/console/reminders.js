// Reminders (issue 15): the operator sets a status of the open dialog's customer with a time to be reminded ("contact
// later at 15:00") on the customer card; the engine keeps it durably and sends `reminder` when it falls due. The
// operator's list comes as `reminders` when a session starts and is read again (GET operator/reminders) after a change.

import { el, redrawKeepingFocus } from '../shared/dom.js';
import { describeError } from '../shared/format.js';

const HOUR = 60 * 60 * 1000;

/** "15:00" today, else "Tue 8 Dec 15:00": a reminder may be days ahead. */
export function whenText(value) {
  const date = new Date(value);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }); // 24 h, as the console's clocks
  return date.toDateString() === new Date().toDateString() ? time
    : `${date.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })} ${time}`;
}

/** A datetime-local value ("2026-12-06T15:00", the browser's time zone) for a Date. */
function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The operator's reminders (a list in the side pane) and the form on the customer card. `context`:
 * { call(path, options) (REST as the operator), operatorId(), heldDialog(conversationId), open(conversationId),
 *   notice(text, tone), announce(text, urgent), cardReminder(customerId, reminder) (the cards of that customer's
 *   dialogs show it, or none; then redraw) }.
 */
export class Reminders {
  constructor({ section, form, status }, context) {
    this.section = section;
    this.list = section.querySelector('.reminder-list');
    this.error = section.querySelector('.reminder-list-error');
    this.form = form;
    this.status = status;
    this.context = context;
    this.reminders = [];
    this.formFor = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  /** `reminders` (a new session) or the REST list: soonest first. */
  replace(reminders) {
    this.reminders = [...reminders].sort((a, b) => Date.parse(a.remindAt) - Date.parse(b.remindAt));
    this.render();
  }

  /** `reminder`: one fell due. Shown, announced, and kept (due) until dismissed. */
  due(reminder) {
    this.reminders = [...this.reminders.filter((r) => r.customerId !== reminder.customerId), reminder]
      .sort((a, b) => Date.parse(a.remindAt) - Date.parse(b.remindAt));
    const note = reminder.note ? `: ${reminder.note}` : '';
    const text = `Reminder for ${reminder.customerId}: ${reminder.status}${note} (set for ${whenText(reminder.remindAt)})`;
    this.context.notice(text, 'warn');
    this.context.announce(text, true);
    this.render();
  }

  /** Reads the list again (after a change made here, in another tab, or a card whose status changed). */
  async refresh() {
    try {
      this.replace(await this.context.call('/operator/reminders'));
      this.error.textContent = '';
    } catch (error) {
      this.error.textContent = `Could not read your reminders: ${describeError(error)}`;
    }
  }

  mine(customerId) {
    return this.reminders.some((r) => r.customerId === customerId);
  }

  async dismiss(reminder) {
    this.error.textContent = '';
    try {
      await this.context.call(`/operator/reminders/${encodeURIComponent(reminder.customerId)}`, { method: 'DELETE' });
      this.context.announce(`Reminder for ${reminder.customerId} ${reminder.due ? 'dismissed' : 'cancelled'}.`);
      this.context.cardReminder(reminder.customerId, null);
    } catch (error) {
      // not-found: already gone (dismissed in another tab); the list read below says so
      this.error.textContent = `Could not remove the reminder: ${describeError(error)}`;
    }
    await this.refresh();
  }

  async submit() {
    const dialog = this.formFor;
    if (!dialog) return;
    const fields = this.form.elements;
    const error = this.form.querySelector('.reminder-error');
    const at = new Date(fields['remind-at'].value); // the browser's time zone; the API takes UTC
    if (Number.isNaN(at.getTime())) return (error.textContent = 'Choose when to be reminded.');
    error.textContent = '';
    const body = { status: fields['reminder-status'].value.trim(), remindAt: at.toISOString().replace(/\.\d{3}Z$/, 'Z') };
    const note = fields['reminder-note'].value.trim();
    if (note) body.note = note;
    const button = this.form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const card = await this.context.call(`/operator/conversations/${encodeURIComponent(dialog.id)}/reminder`, { method: 'PUT', body });
      dialog.customer = card;
      fields['reminder-note'].value = '';
      this.editor().open = false; // done: the messages get the room back
      this.context.announce(`Reminder set for ${whenText(card.reminder.remindAt)}.`);
      this.context.cardReminder(card.customerId, card.reminder);
      await this.refresh();
    } catch (failure) {
      // invalid-request (a time in the past, a status too long), not-assigned (the dialog left you meanwhile)
      error.textContent = `Could not set the reminder: ${describeError(failure)}`;
    } finally {
      button.disabled = false;
    }
  }

  /** The customer card's status line and form, for the open dialog (null: none open). */
  renderCard(dialog) {
    const switched = this.formFor?.id !== dialog?.id;
    this.formFor = dialog;
    if (!dialog) return;
    const reminder = dialog.customer?.reminder;
    const shown = JSON.stringify([dialog.id, reminder ?? null]);
    if (this.status.dataset.shown !== shown) this.showStatus(reminder, shown); // a live region: redrawn only when it changes
    if (switched) {
      this.editor().open = false;
      const fields = this.form.elements;
      this.form.querySelector('.reminder-error').textContent = '';
      fields['reminder-status'].value = reminder?.status ?? 'contact later';
      fields['reminder-note'].value = '';
      // The next full hour: a sensible first choice the operator changes to "15:00".
      const next = new Date(Math.ceil((Date.now() + 1) / HOUR) * HOUR);
      fields['remind-at'].value = localInputValue(next);
      fields['remind-at'].min = localInputValue(new Date());
    }
  }

  /** The <details> the form is folded in. */
  editor() {
    return this.form.closest('details');
  }

  showStatus(reminder, shown) {
    this.status.dataset.shown = shown;
    this.status.replaceChildren(...(reminder ? [
      el('strong', { text: reminder.status }),
      ` · remind ${reminder.operatorId === this.context.operatorId() ? 'you' : reminder.operatorId} ${whenText(reminder.remindAt)}`,
      reminder.due ? el('span', { className: 'badge warn', text: 'due' }) : null,
      reminder.note ? el('span', { className: 'reminder-note', text: reminder.note }) : null,
    ].filter(Boolean) : ['No status or reminder yet.']));
  }

  render() {
    this.section.querySelector('.reminder-count').textContent = this.reminders.length ? `(${this.reminders.length})` : '';
    redrawKeepingFocus(this.list, () => this.list.replaceChildren(...this.reminders.map((reminder) => {
      const held = reminder.conversationId && this.context.heldDialog(reminder.conversationId);
      return el('li', { className: `reminder${reminder.due ? ' due' : ''}`, dataset: { customer: reminder.customerId } },
        el('div', { className: 'reminder-head' },
          el('strong', { text: reminder.status }),
          reminder.due ? el('span', { className: 'badge warn', text: 'due' }) : null),
        el('p', { className: 'muted reminder-meta' },
          el('time', { dateTime: reminder.remindAt, text: whenText(reminder.remindAt) }), ` · customer ${reminder.customerId}`),
        reminder.note ? el('p', { className: 'reminder-note', text: reminder.note }) : null,
        el('div', { className: 'reminder-actions' },
          held ? el('button', {
            type: 'button', className: 'link-button', text: 'Open dialog', dataset: { focusKey: `open:${reminder.customerId}` },
            onClick: () => this.context.open(reminder.conversationId),
          }) : null,
          el('button', {
            type: 'button', className: 'link-button', text: reminder.due ? 'Dismiss' : 'Cancel',
            'aria-label': `${reminder.due ? 'Dismiss' : 'Cancel'} the reminder "${reminder.status}" for ${reminder.customerId}`,
            dataset: { focusKey: `dismiss:${reminder.customerId}` }, onClick: () => this.dismiss(reminder),
          })));
    })));
    this.section.querySelector('.reminder-empty').hidden = this.reminders.length > 0;
  }
}
