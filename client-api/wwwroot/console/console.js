// The operator console: the operator role of the routing.v1 WebSocket (client-api/REALTIME.md, "Operator").
// The engine decides everything (who gets which dialog, what an operator may do); this page shows what the engine
// sends and asks it to act. A fresh session's frames (`state`, then one `dialog` per held dialog) replace the state.

import { api, workspacePath } from '../shared/api.js';
import { RealtimeSession } from '../shared/realtime.js';
import { readCredentials, rememberCredentials, forgetCredentials, demoWorkspace } from '../shared/credentials.js';
import { showConnection } from '../shared/connection-badge.js';
import { el } from '../shared/dom.js';
import { clock, describeError, randomId, timeSpanSeconds } from '../shared/format.js';
import { duration, milliseconds } from './format.js';
import { REMOVAL_REASONS, customerName, renderDialogList, renderFacts, renderMessages, renderOffers } from './views.js';
import { IncomingPanel } from './incoming.js';
import { Reminders } from './reminders.js';
import { Search } from './search.js';

const PAGE = 'console';
const TYPING_EVERY_MS = 3000; // the operator's typing: at most one frame per 3 s (the customer's widget shows it a few seconds)
const TYPING_SHOWN_MS = 6000; // the customer's typing indicator fades unless another typing frame renews it
const HISTORY_PAGE = 100;
const MAX_NOTICES = 30;
const STATUS_NOTES = {
  online: 'receiving dialogs',
  away: 'away: you keep your dialogs, no new ones',
  offline: 'offline: no dialogs are routed to you',
  notResponding: 'not responding: an offer expired; choose online to get dialogs again',
  wrappingUp: 'wrapping up: finish your dialogs',
};
const STATUS_LABELS = { notResponding: 'not responding', wrappingUp: 'wrapping up' };

const $ = (id) => document.getElementById(id);
const wide = matchMedia('(min-width: 761px)');

let session = null;
let state = freshState();
let incoming = null; // the Incoming panel, reminders and search (issue 15): made once, they hold their controls
let reminders = null;
let search = null;

function freshState() {
  return { operator: null, dialogs: new Map(), selected: null, templates: [], lastTypingSent: 0 };
}

// ---- Signing in -------------------------------------------------------------------------------------------------

start();

function start() {
  wireStaticControls();
  wireIssue15Panels();
  const stored = readCredentials(PAGE);
  if (stored) signIn(stored.workspace, stored.credential);
  else showSignIn();
}

function showSignIn(error = '', values = {}) {
  session?.close();
  session = null;
  $('app').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-workspace').value = values.workspace ?? $('sign-in-workspace').value;
  $('sign-in-credential').value = values.credential ?? '';
  $('sign-in-error').textContent = error;
  const demo = demoWorkspace();
  $('demo-sign-in').hidden = !demo?.operators?.length;
  if (demo?.operators?.length) {
    $('demo-workspace-name').textContent = demo.workspace;
    $('demo-operators').replaceChildren(...demo.operators.map((operator) => el('button', {
      type: 'button', className: 'primary', text: `Sign in as ${operator.name || operator.operatorId}`,
      onClick: () => signIn(demo.workspace, operator.token),
    })));
  }
  (error ? $('sign-in-credential') : $('sign-in-workspace')).focus();
}

/** Asks the engine who the token is (GET /me) before opening the socket: a refused token gets a clear answer, not endless reconnects. */
async function signIn(workspace, credential) {
  workspace = (workspace ?? '').trim();
  credential = (credential ?? '').trim();
  $('sign-in-error').textContent = 'Checking the token…';
  let me;
  try {
    me = await api(workspacePath(workspace, '/me'), { credential });
  } catch (error) {
    const hint = error.status === 401 ? 'The engine does not accept this token (mistyped, expired, or its signing key was rotated). '
      : error.status === 403 ? 'This token does not belong to that workspace. ' : '';
    forgetCredentials(PAGE);
    return showSignIn(`${hint}${describeError(error)}`, { workspace, credential });
  }
  if (me.scope !== 'operator') {
    forgetCredentials(PAGE);
    return showSignIn(`This is a ${me.scope} credential; the console needs an operator token (POST operators/{id}/tokens).`, { workspace, credential });
  }
  rememberCredentials(PAGE, { workspace, credential });
  connect(workspace, credential, me.operatorId);
}

function signOut() {
  forgetCredentials(PAGE);
  state = freshState();
  showSignIn();
}

// ---- The session and its frames -----------------------------------------------------------------------------------

function connect(workspace, credential, operatorId) {
  state = freshState();
  state.operator = { operatorId, status: 'offline', load: 0, capacity: 0, shiftEndsAt: null };
  state.workspace = workspace;
  state.credential = credential;
  $('sign-in').hidden = true;
  $('app').hidden = false;
  hideBanner();
  $('notice-list').replaceChildren();
  incoming.everShown = false; // maybe another operator: their Incoming decides
  incoming.replace([]);
  reminders.replace([]);
  search.clear();
  $('search-q').value = '';
  session = new RealtimeSession({ workspace, role: 'operator', credential });
  showConnection(session, $('connection'));

  session.on('snapshot', () => {
    // A fresh session (first connection, or a resume that failed): what we hold may be stale, its frames follow.
    const { operator, workspace: ws, credential: key, selected } = state;
    state = { ...freshState(), operator, workspace: ws, credential: key, reselect: selected };
    renderAll();
    loadTemplates();
  });
  session.on('state', (data) => {
    state.operator = { ...state.operator, ...data };
    renderHeader();
  });
  session.on('operator', onOperator);
  session.on('dialog', onDialog);
  session.on('dialog-changed', onDialogChanged);
  session.on('dialog-removed', onDialogRemoved);
  session.on('message', onMessage);
  session.on('typing', onTyping);
  session.on('draft', onCustomerDraft);
  session.on('rescue-warning', onRescueWarning);
  session.on('incoming', (entries) => incoming.replace(entries));
  session.on('incoming-dialog', (entry) => incoming.upsert(entry));
  session.on('incoming-removed', ({ conversationId }) => incoming.remove(conversationId));
  session.on('reminders', (list) => reminders.replace(list));
  session.on('reminder', onReminderDue);
  session.on('customer-card', onCustomerCard);
  session.on('alert', (alert) => {
    const about = alert.conversationId ? ` (dialog ${alert.conversationId})` : '';
    notice(`Alert ${alert.kind}${about}: ${alert.detail}`, 'warn');
  });
  session.on('command-error', (frame) => {
    // A typing frame (no ref) for a dialog that just left is harmless; anything else is shown.
    if (!frame.ref && frame.code === 'not-assigned') return;
    showBanner(`The engine refused a frame: ${describeError(frame)}`);
  });
  session.on('ended', ({ code }) => {
    if (code === 4003) {
      forgetCredentials(PAGE);
      showSignIn('Your token no longer holds (expired, revoked, or you were removed): ask an admin for a new one (close code 4003).', { workspace });
    } else if (code === 4004) {
      forgetCredentials(PAGE);
      showSignIn('An admin blocked your access (close code 4004); once unblocked, ask for a new token.', { workspace });
    } else {
      showBanner('This console was opened in another tab or window, which took over the session (close code 4001). Reload to take it back.');
    }
  });
}

function onOperator(change) {
  const before = state.operator?.status;
  state.operator = { ...state.operator, status: change.status, load: change.load, capacity: change.capacity };
  if (change.status === 'notResponding' && before !== 'notResponding') notice('An offer expired without an answer: you are "not responding" and get no new dialogs until you go online.', 'warn');
  if (change.kind === 'shift-end') notice(change.status === 'wrappingUp' ? 'Your shift ended: finish your dialogs, no new ones come.' : 'Your shift ended.', 'warn');
  if (change.kind === 'wrapped-up') notice('You finished wrapping up and are offline now.');
  // The operator frame has no shift end: read it again when the schedule moved it (GET /operator, the operator's own state).
  if (['shift-start', 'shift-end', 'schedule', 'wrapped-up'].includes(change.kind)) refreshShift();
  renderAll();
}

async function refreshShift() {
  try {
    const fresh = await api(workspacePath(state.workspace, '/operator'), { credential: state.credential });
    state.operator = { ...state.operator, ...fresh };
    renderHeader();
  } catch (error) {
    notice(`Could not read your shift: ${describeError(error)}`, 'bad');
  }
}

function onDialog({ conversation, offered, messages, customer }) {
  const id = conversation.conversationId;
  const known = state.dialogs.get(id);
  const dialog = known ?? {
    id, messages: new Map(), pending: new Map(), unread: 0, typingUntil: 0, typingWho: '', rescueAt: null, draft: '', customerDraft: '', removal: null,
  };
  dialog.conversation = conversation;
  dialog.customer = customer ?? dialog.customer ?? null;
  dialog.offered = offered || conversation.status === 'offered';
  dialog.busy = false;
  for (const message of messages) dialog.messages.set(message.sequence, message);
  dialog.awaitingReplySince = conversation.awaitingReplySince ? Date.parse(conversation.awaitingReplySince) : null;
  // After a reload the warning frame is gone; the conversation still says it was given (rescueWarnedFor) and when.
  const rescueAfter = milliseconds(timeSpanSeconds(conversation.timers?.rescue?.after));
  if (conversation.status === 'assigned' && conversation.rescueWarnedFor && dialog.awaitingReplySince && rescueAfter &&
      Date.parse(conversation.rescueWarnedFor) === dialog.awaitingReplySince) {
    dialog.rescueAt = new Date(dialog.awaitingReplySince + rescueAfter);
  }
  state.dialogs.set(id, dialog);
  if (!known) {
    if (dialog.offered) announce(`New offer from ${customerName(conversation)}: accept or decline it.`, true);
    else {
      announce(`New dialog with ${customerName(conversation)}.`);
      if (state.reselect === id || (!state.selected && wide.matches)) state.selected = id;
      else dialog.unread = unansweredCount(dialog); // it came with messages nobody here has read yet
    }
  }
  renderAll();
}

/** The customer's messages since the last reply (of any operator or supervisor). */
function unansweredCount(dialog) {
  let count = 0;
  for (const message of [...dialog.messages.values()].sort((a, b) => a.sequence - b.sequence)) {
    if (message.author === 'customer') count++;
    else if (message.author !== 'system') count = 0;
  }
  return count;
}

function onDialogChanged(change) {
  const dialog = state.dialogs.get(change.conversationId);
  if (!dialog) return;
  dialog.conversation = { ...dialog.conversation, status: change.status, departmentId: change.departmentId, operatorId: change.operatorId };
  if (change.status === 'offered') dialog.offered = true;
  if (change.status === 'assigned') dialog.offered = false;
  if (REMOVAL_REASONS[change.kind]) dialog.removal = change.kind; // dialog-removed says no more; remember why
  renderAll();
}

function onDialogRemoved({ conversationId }) {
  const dialog = state.dialogs.get(conversationId);
  if (!dialog) return;
  state.dialogs.delete(conversationId);
  const why = [REMOVAL_REASONS[dialog.removal] ?? 'it is no longer yours', dialog.removalDetail].filter(Boolean).join(' ');
  notice(`${dialog.offered ? 'Offer' : 'Dialog'} with ${customerName(dialog.conversation)} left your console: ${why}.`,
    dialog.removal === 'rescued' || dialog.removal === 'offer-expired' ? 'warn' : '');
  if (state.selected === conversationId) {
    state.selected = null;
    if ($('transfer-dialog').open) $('transfer-dialog').close();
  }
  renderAll();
}

function onMessage(message) {
  const dialog = state.dialogs.get(message.conversationId);
  if (!dialog || dialog.messages.has(message.sequence)) return; // a frame seen twice (resume, history) counts once
  dialog.messages.set(message.sequence, message);
  if (message.clientMessageId) dialog.pending.delete(message.clientMessageId);
  dialog.conversation = { ...dialog.conversation, messagesLength: Math.max(dialog.conversation.messagesLength ?? 0, message.sequence) };
  if (message.author === 'customer') {
    dialog.typingUntil = 0;
    dialog.customerDraft = ''; // sent: the message says it now
    dialog.awaitingReplySince ??= Date.parse(message.at);
    if (state.selected !== message.conversationId || document.hidden) dialog.unread++;
    announce(`${customerName(dialog.conversation)}: ${message.text}`);
  } else if (message.author === 'operator' && message.operatorId === state.operator?.operatorId) {
    dialog.rescueAt = null; // a reply stops the rescue clock (R13)
    dialog.awaitingReplySince = null;
  }
  renderAll();
}

function onTyping({ conversationId, author, operatorId }) {
  const dialog = state.dialogs.get(conversationId);
  if (!dialog) return;
  dialog.typingUntil = Date.now() + TYPING_SHOWN_MS;
  dialog.typingWho = author === 'customer' ? customerName(dialog.conversation) : author === 'supervisor' ? `Supervisor ${operatorId}` : operatorId;
  renderAll();
}

/** A held dialog's customer got a new card or status (a CRM update, a reminder set here or in another tab). */
function onCustomerCard(card) {
  for (const dialog of state.dialogs.values()) if (dialog.conversation.customerId === card.customerId) dialog.customer = card;
  if (card.reminder?.operatorId === state.operator?.operatorId || reminders.mine(card.customerId)) reminders.refresh();
  renderAll();
}

/** A reminder fell due: the list and notices say so, and the card of its customer's dialog shows it due. */
function onReminderDue(reminder) {
  reminders.due(reminder);
  cardReminder(reminder.customerId, reminder);
}

/** The cards of a customer's held dialogs with this reminder (null: none), as the engine now has it. */
function cardReminder(customerId, reminder) {
  for (const dialog of state.dialogs.values()) {
    if (dialog.conversation.customerId === customerId && dialog.customer) dialog.customer = { ...dialog.customer, reminder };
  }
  renderAll();
}

/** What the customer is typing before they send it (only where the workspace turned the draft preview on). */
function onCustomerDraft({ conversationId, text }) {
  const dialog = state.dialogs.get(conversationId);
  if (!dialog) return;
  dialog.customerDraft = text;
  renderAll();
}

function onRescueWarning({ conversationId, rescueAt }) {
  const dialog = state.dialogs.get(conversationId);
  if (!dialog) return;
  dialog.rescueAt = new Date(rescueAt);
  const text = `Reply to ${customerName(dialog.conversation)} before ${clock(dialog.rescueAt)} or the dialog goes back to the queue.`;
  announce(text, true);
  notice(text, 'warn');
  renderAll();
}

// ---- Commands ---------------------------------------------------------------------------------------------------

async function setStatus(status) {
  try {
    const fresh = await session.command('status', { status });
    state.operator = { ...state.operator, ...fresh };
    hideBanner();
  } catch (error) {
    // e.g. conflict: offline while holding dialogs; nothing changed, the selector goes back to the real status.
    const hint = error.code === 'conflict' && status === 'offline' ? ' Close or transfer your dialogs (and decline offers) first, or choose away.' : '';
    showBanner(`Could not go ${status}: ${describeError(error)}.${hint}`);
  }
  renderAll(); // the empty list's hint depends on the status too
}

async function accept(conversationId) {
  const dialog = state.dialogs.get(conversationId);
  if (!dialog) return;
  dialog.busy = true;
  renderAll();
  try {
    const conversation = await session.command('accept', { conversationId });
    dialog.conversation = { ...dialog.conversation, ...conversation };
    dialog.offered = false;
    state.selected = conversationId;
    renderAll();
    $('reply').focus();
  } catch (error) {
    dialog.busy = false;
    if (error.code === 'offer-not-found') notice(`The offer of ${customerName(dialog.conversation)} is gone: it expired, was accepted or moved (offer-not-found).`, 'warn');
    else showBanner(`Could not accept: ${describeError(error)}`);
    renderAll();
  }
}

async function decline(conversationId) {
  const dialog = state.dialogs.get(conversationId);
  if (!dialog) return;
  dialog.busy = true;
  renderAll();
  dialog.removal = 'offer-declined'; // before asking: dialog-removed may come before the answer
  try {
    await session.command('decline', { conversationId });
  } catch (error) {
    dialog.removal = null;
    dialog.busy = false;
    if (error.code === 'offer-not-found') notice(`The offer of ${customerName(dialog.conversation)} is gone: it expired, was accepted or moved (offer-not-found).`, 'warn');
    else showBanner(`Could not decline: ${describeError(error)}`);
    renderAll();
  }
}

/** A reply with its own clientMessageId: resent after a dropped connection, stored once; the stored one comes as `message`. */
function sendReply() {
  const dialog = selectedDialog();
  const text = $('reply').value;
  if (!dialog || !text.trim()) return;
  const clientMessageId = `console-${randomId()}`; // a resend carries it again: the engine stores the reply once
  dialog.pending.set(clientMessageId, { text, error: null });
  $('reply').value = '';
  dialog.draft = '';
  $('reply-error').textContent = '';
  renderDetail({ scrollToEnd: true });
  transmitReply(dialog, clientMessageId);
}

async function transmitReply(dialog, clientMessageId) {
  const pending = dialog.pending.get(clientMessageId);
  try {
    await session.command('send', { conversationId: dialog.id, text: pending.text, clientMessageId }, { resendable: true });
  } catch (error) {
    if (!dialog.pending.has(clientMessageId)) return; // stored after all
    pending.error = describeError(error);
    renderDetail({});
  }
}

function retryReply(clientMessageId) {
  const dialog = selectedDialog();
  const pending = dialog?.pending.get(clientMessageId);
  if (!pending) return;
  pending.error = null;
  renderDetail({});
  transmitReply(dialog, clientMessageId); // the same clientMessageId: stored once even if the first try was stored
}

/** Older messages than the dialog frame carried (it has the last 100): `history` from the page before. */
async function loadOlder() {
  const dialog = selectedDialog();
  if (!dialog) return;
  const first = Math.min(...dialog.messages.keys());
  if (!(first > 1)) return;
  const from = Math.max(1, first - HISTORY_PAGE);
  const scroller = $('messages-scroll');
  const fromBottom = scroller.scrollHeight - scroller.scrollTop;
  try {
    const page = await session.command('history', { conversationId: dialog.id, from, limit: first - from }, { resendable: true });
    for (const message of page.messages) if (!dialog.messages.has(message.sequence)) dialog.messages.set(message.sequence, message);
    renderDetail({});
    scroller.scrollTop = scroller.scrollHeight - fromBottom; // keep the reader where they were
  } catch (error) {
    showBanner(`Could not load older messages: ${describeError(error)}`);
  }
}

async function closeDialog() {
  const dialog = selectedDialog();
  if (!dialog) return;
  $('close-dialog').disabled = true;
  dialog.removal = 'closed'; // before asking: dialog-removed may come before the answer
  try {
    await session.command('close', { conversationId: dialog.id });
  } catch (error) {
    dialog.removal = null;
    showBanner(`Could not close the dialog: ${describeError(error)}`);
  } finally {
    $('close-dialog').disabled = false;
  }
}

/** Sends the visitor a page to open (the widget shows a link; it never navigates by itself). */
async function navigateVisitor(event) {
  event.preventDefault();
  const dialog = selectedDialog();
  const input = $('navigate-url');
  if (!dialog || !input.value) return;
  $('navigate-error').textContent = '';
  try {
    await session.command('navigate', { conversationId: dialog.id, url: input.value });
    notice(`Sent ${customerName(dialog.conversation)} the page ${input.value}`);
    input.value = '';
  } catch (error) {
    $('navigate-error').textContent = describeError(error);
  }
}

async function transfer(event) {
  event.preventDefault();
  const dialog = selectedDialog();
  if (!dialog) return $('transfer-dialog').close();
  const form = $('transfer-form');
  const target = form.elements.target.value;
  const id = $('transfer-id').value.trim();
  const note = $('transfer-note').value.trim();
  if (!id) return ($('transfer-error').textContent = `Enter the ${target}'s id.`);
  const data = { conversationId: dialog.id, [target === 'department' ? 'departmentId' : 'operatorId']: id };
  if (note) data.note = note;
  $('transfer-submit').disabled = true;
  $('transfer-error').textContent = '';
  // Said before asking: dialog-removed may come before the command's answer.
  dialog.removal = 'transferred';
  dialog.removalDetail = `to ${target} ${id}`;
  try {
    await session.command('transfer', data);
    $('transfer-dialog').close();
  } catch (error) {
    dialog.removal = dialog.removalDetail = null;
    // e.g. operator-unavailable (no room), not-found (no such department), not-assigned (it left you meanwhile)
    $('transfer-error').textContent = `Could not transfer: ${describeError(error)}`;
  } finally {
    $('transfer-submit').disabled = false;
  }
}

async function loadTemplates() {
  try {
    state.templates = await session.command('templates', undefined, { resendable: true });
  } catch (error) {
    state.templates = [];
    notice(`Could not load templates: ${describeError(error)}`, 'bad');
  }
  renderTemplates();
}

function insertTemplate(templateId) {
  const template = state.templates.find((t) => t.templateId === templateId);
  const reply = $('reply');
  if (!template) return;
  // In place of the selection, so a template can go in the middle of a reply.
  reply.setRangeText(template.text, reply.selectionStart, reply.selectionEnd, 'end');
  const dialog = selectedDialog();
  if (dialog) dialog.draft = reply.value;
  reply.focus();
}

function typed() {
  const dialog = selectedDialog();
  if (!dialog) return;
  dialog.draft = $('reply').value;
  const now = Date.now();
  if (dialog.draft.trim() && now - state.lastTypingSent >= TYPING_EVERY_MS) {
    state.lastTypingSent = now;
    session.notify('typing', { conversationId: dialog.id });
  }
}

/** Opens a dialog this console holds, or the one a take or a reminder names as soon as its `dialog` frame comes. */
function openDialog(conversationId) {
  if (state.dialogs.get(conversationId)?.offered === false) select(conversationId);
  else state.reselect = conversationId;
}

/** A search hit: the dialog opened at that message (read with `history` when it is older than what is loaded). */
async function openMessage(conversationId, sequence) {
  const dialog = state.dialogs.get(conversationId);
  if (!dialog || dialog.offered) return;
  select(conversationId);
  const first = Math.min(...dialog.messages.keys());
  if (!dialog.messages.has(sequence) && sequence < first) {
    try {
      const page = await session.command('history', { conversationId, from: sequence, limit: first - sequence }, { resendable: true });
      for (const message of page.messages) if (!dialog.messages.has(message.sequence)) dialog.messages.set(message.sequence, message);
      renderDetail({});
    } catch (error) {
      return showBanner(`Could not load that message: ${describeError(error)}`);
    }
  }
  dialog.found = sequence;
  renderDetail({});
  const item = $('messages').querySelector(`.message[data-sequence="${sequence}"]`);
  if (!item) return;
  item.scrollIntoView({ block: 'center' });
  item.focus({ preventScroll: true });
}

function heldDialog(conversationId) {
  return state.dialogs.get(conversationId)?.offered === false;
}

function select(conversationId) {
  const dialog = state.dialogs.get(conversationId);
  if (!dialog) return;
  state.selected = conversationId;
  dialog.unread = 0;
  renderAll();
  if (!wide.matches) $('back').focus();
  else $('reply').focus();
}

// ---- Drawing ----------------------------------------------------------------------------------------------------

function selectedDialog() {
  return state.selected ? state.dialogs.get(state.selected) ?? null : null;
}

function renderAll() {
  renderHeader();
  const all = [...state.dialogs.values()];
  const offers = all.filter((d) => d.offered);
  const held = all.filter((d) => !d.offered).sort((a, b) => a.id.localeCompare(b.id));
  if (state.selected && !held.some((d) => d.id === state.selected)) state.selected = null;
  keepFocus(() => {
    $('offers').hidden = offers.length === 0;
    renderOffers($('offer-list'), offers, { accept, decline });
    renderDialogList($('dialog-list'), held, state.selected, { select });
  });
  $('no-dialogs').hidden = held.length > 0;
  $('no-dialogs').textContent = state.operator?.status === 'online'
    ? 'No dialogs yet: they appear here as customers write.' : 'No dialogs. Go online to receive them.';
  $('dialog-count').textContent = held.length ? `(${held.length})` : '';
  search.render(); // a hit opens only while its dialog is held here
  reminders.render();
  const unread = held.reduce((sum, d) => sum + d.unread, 0);
  document.title = `${unread ? `(${unread}) ` : ''}${offers.length ? '● Offer · ' : ''}Operator console · Routing engine`;
  renderDetail({});
}

/** Redrawing a list replaces its buttons: give focus back to the same button (same dialog, same action). */
function keepFocus(draw) {
  const active = document.activeElement;
  const key = active?.dataset?.conversation ? [active.dataset.conversation, active.dataset.action ?? ''] : null;
  draw();
  if (!key) return;
  const again = [...document.querySelectorAll('[data-conversation]')].find((e) => e.dataset.conversation === key[0] && (e.dataset.action ?? '') === key[1] && e.tagName === 'BUTTON');
  again?.focus();
}

function renderHeader() {
  const operator = state.operator;
  if (!operator) return;
  $('operator-id').textContent = operator.operatorId;
  const select = $('status-select');
  for (const option of [...select.options]) if (!['online', 'away', 'offline'].includes(option.value)) option.remove();
  if (!['online', 'away', 'offline'].includes(operator.status)) {
    // Statuses only the engine sets (an expired offer, a shift's end): shown, not choosable.
    select.append(el('option', { value: operator.status, text: STATUS_LABELS[operator.status] ?? operator.status, disabled: true }));
  }
  select.value = operator.status;
  select.dataset.status = operator.status;
  $('status-note').textContent = STATUS_NOTES[operator.status] ?? '';
  $('status-note').className = `status-note ${operator.status}`;
  $('load').textContent = `${operator.load} / ${operator.capacity}`;
  const shift = $('shift');
  shift.hidden = !operator.shiftEndsAt;
  if (operator.shiftEndsAt) {
    shift.replaceChildren('Shift ends ', el('strong', { text: clock(operator.shiftEndsAt) }), ' (in ',
      el('span', { className: 'tick', dataset: { until: String(Date.parse(operator.shiftEndsAt)) }, text: duration(Date.parse(operator.shiftEndsAt) - Date.now()) }), ')');
  }
}

function renderTemplates() {
  const select = $('template-select');
  select.replaceChildren(el('option', { value: '', text: state.templates.length ? 'Insert a template…' : 'No templates' }),
    ...state.templates.map((t) => el('option', { value: t.templateId, text: t.title })));
  select.disabled = state.templates.length === 0;
}

let shownDialog = null;

function renderDetail({ scrollToEnd = false }) {
  const dialog = selectedDialog();
  $('workspace').classList.toggle('show-detail', !!dialog);
  $('detail-empty').hidden = !!dialog;
  $('detail-body').hidden = !dialog;
  reminders.renderCard(dialog);
  if (!dialog) {
    shownDialog = null;
    return;
  }
  const switched = shownDialog !== dialog.id;
  shownDialog = dialog.id;
  const c = dialog.conversation;
  $('detail-title').textContent = `${customerName(c)} · ${c.channel}`;
  renderFacts($('customer-facts'), dialog);
  const warning = $('rescue-warning');
  warning.hidden = !dialog.rescueAt;
  if (dialog.rescueAt) {
    warning.replaceChildren('⚠ Reply before ', el('strong', { text: clock(dialog.rescueAt) }), ' or it goes back to the queue (',
      el('span', { className: 'tick', dataset: { until: String(dialog.rescueAt.getTime()) }, text: duration(dialog.rescueAt - Date.now()) }), ' left).');
  }
  const scroller = $('messages-scroll');
  const atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
  renderMessages($('messages'), dialog, state.operator?.operatorId, { retry: retryReply });
  $('older').hidden = !(Math.min(...dialog.messages.keys()) > 1);
  if (switched || atEnd || scrollToEnd) scroller.scrollTop = scroller.scrollHeight;
  $('typing').textContent = dialog.typingUntil > Date.now() ? `${dialog.typingWho} is typing…` : '';
  const draft = $('customer-draft');
  draft.hidden = !dialog.customerDraft;
  draft.textContent = dialog.customerDraft ? `${customerName(dialog.conversation)} is writing: ${dialog.customerDraft}` : '';
  if (switched) {
    $('reply').value = dialog.draft;
    $('reply-error').textContent = '';
  }
}

// Once a second: the running clocks (offers' age, rescue countdown, shift end) and fading typing indicators.
setInterval(() => {
  const now = Date.now();
  for (const tick of document.querySelectorAll('.tick')) {
    tick.textContent = tick.dataset.since ? duration(now - Number(tick.dataset.since)) : duration(Number(tick.dataset.until) - now);
  }
  let faded = false;
  for (const dialog of state.dialogs.values()) {
    if (dialog.typingUntil && dialog.typingUntil <= now) {
      dialog.typingUntil = 0;
      faded = true;
    }
  }
  if (faded) renderAll();
}, 1000);

// ---- Notices, errors, announcements -----------------------------------------------------------------------------

function notice(text, tone = '') {
  const list = $('notice-list');
  list.prepend(el('li', { className: `notice ${tone}` }, el('time', { text: clock(new Date()) }), ' ', el('span', { text })));
  while (list.children.length > MAX_NOTICES) list.lastChild.remove();
}

function showBanner(text) {
  $('banner-text').textContent = text;
  $('banner').hidden = false;
}

function hideBanner() {
  $('banner').hidden = true;
  $('banner-text').textContent = '';
}

/** For screen readers: a new message or offer is read out without moving focus. */
function announce(text, urgent = false) {
  const region = $(urgent ? 'announcer-urgent' : 'announcer');
  region.textContent = '';
  requestAnimationFrame(() => (region.textContent = text));
}

// ---- Controls that exist once -----------------------------------------------------------------------------------

/** Incoming, reminders and search act on the current session and sign-in; their controls exist once. */
function wireIssue15Panels() {
  const call = (path, options = {}) => api(workspacePath(state.workspace, path), { ...options, credential: state.credential });
  const operatorId = () => state.operator?.operatorId;
  incoming = new IncomingPanel($('incoming'), {
    command: (type, data, options) => session.command(type, data, options),
    open: openDialog,
    announce,
  });
  reminders = new Reminders({ section: $('reminders'), form: $('reminder-form'), status: $('customer-status') }, {
    call, operatorId, heldDialog, open: openDialog, notice, announce, cardReminder,
  });
  search = new Search({ form: $('search-form'), results: $('search-results') }, { call, operatorId, heldDialog, openMessage });
}

function wireStaticControls() {
  $('customer-card').open = wide.matches; // on a phone the messages come first; the card opens on demand
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('sign-in-workspace').value, $('sign-in-credential').value);
  });
  $('sign-out').addEventListener('click', signOut);
  $('status-select').addEventListener('change', (event) => setStatus(event.target.value));
  $('banner-close').addEventListener('click', hideBanner);
  $('back').addEventListener('click', () => {
    const from = state.selected;
    state.selected = null;
    renderAll();
    document.querySelector(`.dialog-item[data-conversation="${CSS.escape(from ?? '')}"]`)?.focus();
  });
  $('reply-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sendReply();
  });
  $('reply').addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter is a new line; not while an input method composes a character.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendReply();
    }
  });
  $('reply').addEventListener('input', typed);
  $('template-select').addEventListener('change', (event) => {
    insertTemplate(event.target.value);
    event.target.value = '';
  });
  $('older').addEventListener('click', loadOlder);
  $('close-dialog').addEventListener('click', closeDialog);
  $('transfer-open').addEventListener('click', () => {
    $('transfer-error').textContent = '';
    $('transfer-id').value = '';
    $('transfer-note').value = '';
    $('transfer-dialog').showModal();
    $('transfer-id').focus();
  });
  $('transfer-cancel').addEventListener('click', () => $('transfer-dialog').close());
  $('transfer-form').addEventListener('submit', transfer);
  $('navigate-form').addEventListener('submit', navigateVisitor);
  $('transfer-form').addEventListener('change', () => {
    $('transfer-id-label').textContent = $('transfer-form').elements.target.value === 'department' ? 'Department id' : 'Operator id';
  });
  document.addEventListener('visibilitychange', () => {
    const dialog = selectedDialog();
    if (!document.hidden && dialog?.unread) {
      dialog.unread = 0;
      renderAll();
    }
  });
}
