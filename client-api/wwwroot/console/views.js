// How the console draws its state: offer cards, the dialog list, the customer card and the messages. Pure DOM
// building from the state console.js keeps; every text from the engine goes in as textContent.

import { el } from '../shared/dom.js';
import { clock, timeSpanSeconds } from '../shared/format.js';
import { duration, milliseconds } from './format.js';

/** Why a dialog left the console, from the last change kind seen (REALTIME.md, "Conversation change kinds"). */
export const REMOVAL_REASONS = {
  closed: 'closed',
  transferred: 'transferred',
  rescued: 'rescued: no reply in time, it went back to the queue',
  'shift-ended': 'handed back to the queue at the end of your shift',
  'operator-blocked': 'handed back to the queue: your access was blocked',
  'offer-expired': 'the offer expired (not accepted in time)',
  'offer-declined': 'offer declined',
  'assigned-by-hand': 'moved by a supervisor',
  'assigned-by-hand-forced': 'moved by a supervisor',
};

export function customerName(conversation) {
  return conversation.externalId || conversation.customerId || conversation.conversationId;
}

function lastMessage(dialog) {
  let last = null;
  for (const message of dialog.messages.values()) if (!last || message.sequence > last.sequence) last = message;
  return last;
}

/** The offer cards: who, what they wrote, how long it has been offered, accept/decline. */
export function renderOffers(list, offers, { accept, decline }) {
  list.replaceChildren(...offers.map((dialog) => {
    const c = dialog.conversation;
    const first = lastMessage(dialog);
    const title = `Offer: ${customerName(c)}`;
    return el('li', { className: 'offer-card', dataset: { conversation: c.conversationId }, 'aria-label': title },
      el('div', { className: 'offer-head' },
        el('strong', { text: customerName(c) }),
        el('span', { className: 'badge', text: c.channel }),
        el('span', { className: 'muted', text: `dept. ${c.departmentId}` })),
      first ? el('p', { className: 'offer-text', text: first.text }) : null,
      offerTimer(c),
      el('div', { className: 'offer-actions' },
        el('button', { type: 'button', className: 'primary', text: 'Accept', disabled: dialog.busy, dataset: { action: 'accept', conversation: c.conversationId }, onClick: () => accept(c.conversationId) }),
        el('button', { type: 'button', text: 'Decline', disabled: dialog.busy, dataset: { action: 'decline', conversation: c.conversationId }, onClick: () => decline(c.conversationId) })));
  }));
}

/** The countdown to the offer's expiry (the engine sends offerExpiresAt): then the dialog moves on to a colleague. */
function offerTimer(conversation) {
  const expiresAt = Date.parse(conversation.offerExpiresAt);
  return el('p', { className: 'offer-timer', role: 'timer' },
    'Accept within ', el('span', { className: 'tick', dataset: { until: String(expiresAt) }, text: duration(expiresAt - Date.now()) }),
    ` (until ${clock(new Date(expiresAt))}) or it goes to a colleague`);
}

/** The held dialogs: one button each with the customer, the last message, unread count, typing and rescue marks. */
export function renderDialogList(list, dialogs, selected, { select }) {
  list.replaceChildren(...dialogs.map((dialog) => {
    const c = dialog.conversation;
    const last = lastMessage(dialog);
    const typing = dialog.typingUntil > Date.now();
    const label = [customerName(c), dialog.unread ? `${dialog.unread} unread` : null, dialog.rescueAt ? 'reply needed soon' : null]
      .filter(Boolean).join(', ');
    return el('li', {},
      el('button', {
        type: 'button', className: 'dialog-item' + (c.conversationId === selected ? ' selected' : '') + (dialog.rescueAt ? ' at-risk' : ''),
        'aria-current': c.conversationId === selected ? 'true' : null, 'aria-label': label,
        dataset: { conversation: c.conversationId }, onClick: () => select(c.conversationId),
      },
      el('span', { className: 'dialog-item-head' },
        el('strong', { className: 'dialog-name', text: customerName(c) }),
        el('span', { className: 'badge', text: c.channel }),
        dialog.unread ? el('span', { className: 'unread', text: String(dialog.unread), title: 'unread messages' }) : null),
      el('span', { className: 'dialog-preview muted', text: typing ? 'typing…' : last ? `${last.author === 'customer' ? '' : 'You: '}${last.text}` : '' }),
      dialog.rescueAt ? el('span', { className: 'dialog-risk', text: `reply before ${clock(dialog.rescueAt)}` }) : null));
  }));
}

/** Where a dialog's first-response target came from (issue 15). */
const TARGET_SOURCES = { entryRule: "its topic's rule", department: 'the department', channelDefault: "the channel's default" };

/** The customer card: what the dialog frame tells an operator about the customer and the dialog (no other endpoint is open to them). */
export function renderFacts(dl, dialog) {
  const c = dialog.conversation;
  const rescueAfter = milliseconds(timeSpanSeconds(c.timers?.rescue?.after));
  const facts = [
    ['Customer', customerName(c)],
    ['Customer id', c.customerId],
    ['Channel', c.channel],
    ['Department', c.departmentId],
    ['Priority', c.priority],
    ['Dialog', `${c.conversationId} · ${c.status}`],
    ['Opened', c.createdAt ? clock(c.createdAt) : null],
    ['Messages', String(c.messagesLength ?? dialog.messages.size)],
    ['First reply due', c.slaDueAt ? `${clock(c.slaDueAt)}${c.slaBreached ? ' (missed)' : ''}` : null],
    ['Reply target', c.firstResponseTarget ? `${duration(milliseconds(timeSpanSeconds(c.firstResponseTarget)))} (${TARGET_SOURCES[c.firstResponseTargetSource] ?? 'set'})` : null],
    ['Rescued before', c.rescueCount ? `${c.rescueCount} time(s)` : null],
    ['Offline request', c.offlineRequest ? 'yes: it arrived when nobody was online' : null],
    ['Rescue', rescueAfter ? rescueText(dialog, rescueAfter) : null],
    // The card channels and the CRM keep (issue 15): name, CRM id and attributes such as the plan or where they came from.
    ['Name', dialog.customer?.name],
    ['CRM id', dialog.customer?.crmId],
    ...Object.entries(dialog.customer?.attributes ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  ];
  dl.replaceChildren(...facts.filter(([, value]) => value).map(([term, value]) => el('div', { className: 'fact' }, el('dt', { text: term }), el('dd', { text: value }))));
}

// R13: the customer's unanswered message starts the clock; the engine warns (rescue-warning) before it takes the dialog back.
function rescueText(dialog, rescueAfter) {
  return dialog.awaitingReplySince
    ? `reply by ${clock(new Date(dialog.awaitingReplySince + rescueAfter))} or it goes back to the queue`
    : `within ${duration(rescueAfter)} of a customer's message`;
}

/** The messages, oldest first (deduplicated by sequence), then this console's replies not yet stored. */
export function renderMessages(list, dialog, me, { retry }) {
  const stored = [...dialog.messages.values()].sort((a, b) => a.sequence - b.sequence);
  const items = stored.map((m) => {
    const mine = m.author === 'operator' && m.operatorId === me;
    const who = m.author === 'customer' ? customerName(dialog.conversation)
      : m.author === 'operator' ? (mine ? 'You' : m.operatorId ?? 'operator')
      : m.author === 'supervisor' ? `Supervisor ${m.operatorId ?? ''}`.trim() : 'System';
    const found = dialog.found === m.sequence; // the message a search hit opened
    return el('li', { className: `message ${m.author}${mine ? ' mine' : ''}${found ? ' found' : ''}`, tabindex: found ? '-1' : null, dataset: { sequence: String(m.sequence) } },
      el('span', { className: 'message-meta' }, el('span', { text: who }), ' · ', el('time', { dateTime: m.at, text: clock(m.at) })),
      m.text ? el('p', { className: 'message-text', text: m.text }) : null,
      m.attachments?.length ? el('ul', { className: 'attachments' }, m.attachments.map(attachment)) : null);
  });
  for (const [clientMessageId, pending] of dialog.pending) {
    items.push(el('li', { className: 'message operator mine pending' + (pending.error ? ' failed' : ''), dataset: { pending: clientMessageId } },
      el('span', { className: 'message-meta', text: pending.error ? 'Not sent' : 'Sending…' }),
      el('p', { className: 'message-text', text: pending.text }),
      pending.error ? el('p', { className: 'error', text: pending.error }) : null,
      pending.error ? el('button', { type: 'button', className: 'link-button', text: 'Retry', onClick: () => retry(clientMessageId) }) : null));
  }
  list.replaceChildren(...items);
}

// Attachments are metadata only (the engine stores no files); a link only for http(s) addresses.
function attachment(a) {
  const size = a.sizeBytes >= 1024 * 1024 ? `${(a.sizeBytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil((a.sizeBytes ?? 0) / 1024)} KB`;
  const name = `📎 ${a.fileName} (${a.contentType}, ${size})`;
  const safe = typeof a.url === 'string' && /^https?:\/\//i.test(a.url);
  return el('li', {}, safe ? el('a', { href: a.url, text: name, target: '_blank', rel: 'noopener noreferrer' }) : el('span', { text: name }));
}
