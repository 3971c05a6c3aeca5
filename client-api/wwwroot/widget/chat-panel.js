// The widget's chat panel: the visitor's side of the customer WebSocket (client-api/REALTIME.md, "Customer").
// State comes only from server frames; a fresh session ('snapshot') replaces it, and stored messages are kept by
// their sequence, so a resumed or replayed frame never shows a message twice. Message texts come from strangers:
// they are only ever set as textContent.

import { showConnection } from '../shared/connection-badge.js';
import { el } from '../shared/dom.js';
import { randomId } from '../shared/format.js';

const TYPING_SHOWN_MS = 4000; // an operator's typing frame fades after this, unless another one comes
const TYPING_SENT_EVERY_MS = 2000; // the visitor's own typing goes out at most this often
const DRAFT_SENT_EVERY_MS = 300; // the visitor's draft (when the workspace opted in) goes out at most this often
const DRAFT_MAX_LENGTH = 1000; // the engine refuses a longer draft
const HISTORY_PAGE = 50;
const FAILED_CONNECTS_BEFORE_ERROR = 2;

/** The launcher and the chat panel inside `root` (the widget's shadow root), driven by `session`. */
export class ChatPanel {
  #session;
  #storageKey;
  #ui;
  #conversation = null; // the last `conversation` frame's data, or null before the first message
  #messages = new Map(); // sequence -> <li> of the current conversation's stored messages
  #pending = []; // the visitor's sends not stored yet: {clientMessageId, text, state, element}
  #queue = null; // the last `queue` frame
  #waitReason = null; // a `no-operator-online` / `outside-business-hours` frame: {kind, data}
  #rating = null; // {conversationId, scale, state: 'asking' | 'sending' | 'done'}
  #typingTimer = 0;
  #lastTypingSent = 0;
  #draftPreview = false; // the workspace takes drafts: `ready` says so, `draft-preview` changes it
  #draftTimer = 0;
  #unread = 0;
  #everOpened = false;
  #failedConnects = 0;
  #fatal = false;
  #unsubscribe = [];

  constructor(root, { session, storageKey, title = 'Chat with us' }) {
    this.#session = session;
    this.#storageKey = storageKey;
    this.#ui = build(root, title);
    this.#wireUi();
    this.setOpen(readStored(storageKey) === 'open', { remember: false });
    if (session) this.#wireSession(session);
    this.#renderStatus();
  }

  /** Opens or closes the panel; the choice is remembered for the next page of the site. */
  setOpen(open, { remember = true } = {}) {
    const { panel, launcher, input } = this.#ui;
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.classList.toggle('is-open', open);
    launcher.querySelector('.launcher-label').textContent = open ? 'Close chat' : 'Chat with us';
    if (remember) writeStored(this.#storageKey, open ? 'open' : 'closed');
    if (open) {
      this.#unread = 0;
      this.#renderUnread();
      this.#scrollToEnd(true);
      if (remember) input.focus();
    }
  }

  /** A problem that stops the widget (a bad token): shown in place of the conversation. */
  fatal({ code, detail }) {
    this.#fatal = true;
    this.#showError(code, detail);
    this.#ui.input.disabled = true;
    this.#ui.sendButton.disabled = true;
    this.#ui.status.textContent = 'The chat is not available';
    this.#ui.badge.textContent = 'offline';
    this.#ui.badge.className = 'badge bad';
  }

  dispose() {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    clearTimeout(this.#typingTimer);
    clearTimeout(this.#draftTimer);
  }

  // --- The session's frames -------------------------------------------------------------------------------------

  #wireSession(session) {
    showConnection(session, this.#ui.badge);
    const on = (type, handler) => this.#unsubscribe.push(session.on(type, handler));
    on('status', (status) => this.#connectionChanged(status));
    // A fresh session (first connection, or a resume the server could not do): the frames that follow are the
    // whole state again. Unsent messages stay: RealtimeSession resends them (same clientMessageId, stored once).
    on('snapshot', () => this.#reset());
    on('ready', (data) => {
      this.#draftPreview = data.draftPreview === true;
      if (!data.conversationId) this.#setConversation(null);
    });
    on('draft-preview', (data) => {
      this.#draftPreview = data.enabled === true;
    });
    on('navigate', (data) => {
      if (this.#conversation && data.conversationId !== this.#conversation.conversationId) return;
      this.#addNavigation(data);
    });
    on('conversation', (data) => this.#setConversation(data));
    on('messages', (data) => {
      if (this.#conversation && data.conversationId !== this.#conversation.conversationId) return;
      for (const message of data.messages) this.#addMessage(message);
      this.#renderOlder();
    });
    on('message', (data) => {
      if (this.#conversation && data.conversationId !== this.#conversation.conversationId) return;
      this.#addMessage(data, { incoming: true });
    });
    on('typing', (data) => this.#showTyping(data));
    on('queue', (data) => {
      this.#queue = data;
      this.#renderStatus();
    });
    on('no-operator-online', (data) => {
      // Closed hours say more (when it opens) than nobody online, which follows from them.
      if (this.#waitReason?.kind === 'outside-business-hours' && this.#waitReason.data.conversationId === data.conversationId) return;
      this.#waitReason = { kind: 'no-operator-online', data };
      this.#renderStatus();
    });
    on('outside-business-hours', (data) => {
      this.#waitReason = { kind: 'outside-business-hours', data };
      this.#renderStatus();
    });
    on('rating-requested', (data) => {
      if (this.#conversation && data.conversationId !== this.#conversation.conversationId) return;
      if (this.#rating?.conversationId === data.conversationId && this.#rating.state !== 'asking') return;
      this.#rating = { conversationId: data.conversationId, scale: data.scale, state: 'asking' };
      this.#renderRating();
    });
    on('ended', ({ code }) => {
      if (code === 4003) this.fatal({ code: 'credential-invalid', detail: 'Your chat sign-in expired or was revoked. Reload the page to continue.' });
      else if (code === 4001) this.#showError('moved', 'This chat continues in another window of this visitor. Reload to continue here.');
    });
  }

  #connectionChanged(status) {
    if (status === 'open') {
      this.#everOpened = true;
      this.#failedConnects = 0;
      if (this.#ui.error.dataset.code === 'connect-failed') this.#clearError();
      return;
    }
    // A refused upgrade (401: bad or expired token) looks like any failed connection to a browser: say what it
    // may be once it fails again and again before the first welcome. RealtimeSession keeps trying meanwhile.
    if (status === 'reconnecting' && !this.#everOpened && ++this.#failedConnects >= FAILED_CONNECTS_BEFORE_ERROR)
      this.#showError('connect-failed', 'The chat could not connect: the engine refused the sign-in (the token may be invalid or expired) or cannot be reached. Still trying…');
  }

  #reset() {
    this.#conversation = null;
    this.#messages.clear();
    this.#queue = null;
    this.#waitReason = null;
    this.#rating = null;
    this.#ui.list.replaceChildren(...this.#pending.map((item) => item.element));
    this.#hideTyping();
    this.#renderRating();
    this.#renderOlder();
    this.#renderStatus();
  }

  #setConversation(data) {
    const previous = this.#conversation?.conversationId;
    if (data?.conversationId !== previous) {
      // Another conversation (the visitor wrote after a close, or another tab did): its own messages and prompts.
      this.#messages.clear();
      this.#ui.list.replaceChildren(...this.#pending.map((item) => item.element));
      this.#queue = null;
      this.#waitReason = null;
      if (this.#rating?.conversationId !== data?.conversationId) this.#rating = null;
      this.#hideTyping();
    }
    this.#conversation = data;
    if (data && data.status !== 'queued' && data.status !== 'offered' && data.status !== 'new') {
      this.#queue = null;
      this.#waitReason = null;
    }
    if (data?.rated && this.#rating?.conversationId === data.conversationId) this.#rating.state = 'done';
    if (data?.status === 'closed') this.#hideTyping();
    this.#renderStatus();
    this.#renderRating();
    this.#renderOlder();
  }

  /** Shows a stored message once (by sequence) and retires the visitor's "sending" copy of it. */
  #addMessage(message, { incoming = false } = {}) {
    if (this.#messages.has(message.sequence)) return;
    if (message.author === 'customer') this.#settlePending(message);
    else if (incoming) {
      this.#hideTyping();
      if (this.#ui.panel.hidden) {
        this.#unread++;
        this.#renderUnread();
      }
    }
    const element = messageElement(message);
    this.#messages.set(message.sequence, element);
    // Keep the list in sequence order: an older page from `history` goes above, pending copies stay last.
    const after = [...this.#messages.entries()].filter(([sequence]) => sequence > message.sequence).sort((a, b) => a[0] - b[0])[0];
    const nearEnd = this.#isNearEnd();
    this.#ui.list.insertBefore(element, after ? after[1] : this.#pending[0]?.element ?? null);
    if (!after) this.#scrollToEnd(nearEnd || message.author === 'customer');
    this.#renderStatus();
  }

  #settlePending(message) {
    // The stored copy names the send by its clientMessageId (the server may prefix it with its own key space);
    // an older engine may not, so the first pending send with the same text is it.
    const id = message.clientMessageId ?? '';
    let index = this.#pending.findIndex((item) => id && (id === item.clientMessageId || id.endsWith('/' + item.clientMessageId)));
    if (index < 0) index = this.#pending.findIndex((item) => item.state !== 'failed' && item.text.trim() === (message.text ?? '').trim());
    if (index < 0) return;
    const [item] = this.#pending.splice(index, 1);
    item.element.remove();
  }

  #showTyping(data) {
    if (data.author === 'customer' || this.#conversation?.status === 'closed') return;
    const { typing } = this.#ui;
    typing.textContent = `${authorLabel(data.author, data.operatorId)} is typing…`;
    typing.hidden = false;
    typing.classList.remove('fading');
    clearTimeout(this.#typingTimer);
    this.#typingTimer = setTimeout(() => this.#hideTyping(), TYPING_SHOWN_MS);
    this.#scrollToEnd(this.#isNearEnd());
  }

  #hideTyping() {
    clearTimeout(this.#typingTimer);
    this.#ui.typing.hidden = true;
  }

  // --- The visitor's commands -----------------------------------------------------------------------------------

  #wireUi() {
    const { launcher, minimize, composer, input, olderButton, endButton, ratingForm } = this.#ui;
    launcher.addEventListener('click', () => this.setOpen(this.#ui.panel.hidden));
    minimize.addEventListener('click', () => {
      this.setOpen(false);
      launcher.focus();
    });
    this.#ui.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        this.setOpen(false);
        launcher.focus();
      }
    });
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#send();
    });
    input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter is a new line; not while an input method is composing a character.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#send();
      }
    });
    input.addEventListener('input', () => this.#typed());
    olderButton.addEventListener('click', () => this.#loadOlder());
    endButton.addEventListener('click', () => this.#endChat());
    ratingForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#rate();
    });
  }

  async #send() {
    const { input } = this.#ui;
    const text = input.value;
    if (!text.trim() || !this.#session || this.#fatal) return;
    input.value = '';
    this.#clearError();
    // The id makes a resend after a lost answer harmless: the engine stores the message once.
    const item = { clientMessageId: `widget-${randomId()}`, text, state: 'sending' };
    item.element = messageElement({ author: 'customer', text }, 'sending');
    this.#pending.push(item);
    this.#ui.list.append(item.element);
    this.#scrollToEnd(true);
    try {
      const reply = await this.#session.command('send', { text, clientMessageId: item.clientMessageId }, { resendable: true });
      if (!this.#pending.includes(item)) return; // its stored copy came first
      if (reply?.replayed) {
        // The engine had it already (a resend): the stored copy is shown or on its way.
        this.#pending.splice(this.#pending.indexOf(item), 1);
        item.element.remove();
        return;
      }
      item.state = 'sent';
      setMeta(item.element, 'sent');
    } catch (error) {
      item.state = 'failed';
      setMeta(item.element, 'not sent');
      item.element.classList.add('failed');
      this.#showError(error.code, error.detail ?? error.message);
    }
  }

  #typed() {
    const status = this.#conversation?.status;
    // Typing needs a conversation (before the first message the engine answers no-conversation); at most one frame per 2 s.
    if (!this.#session || !status || status === 'closed') return;
    this.#scheduleDraft();
    const now = Date.now();
    if (now - this.#lastTypingSent < TYPING_SENT_EVERY_MS) return;
    this.#lastTypingSent = now;
    this.#session.notify('typing');
  }

  /**
   * Only where the workspace opted in (Webim's draft preview): the text so far, at most one frame per 300 ms, the last
   * one always (a trailing send), so the operator sees what the visitor ends up with. The engine drops drafts otherwise.
   */
  #scheduleDraft() {
    if (!this.#draftPreview || this.#draftTimer) return;
    this.#draftTimer = setTimeout(() => {
      this.#draftTimer = 0;
      const status = this.#conversation?.status;
      if (!this.#draftPreview || !status || status === 'closed') return;
      this.#session.notify('draft', { text: this.#ui.input.value.slice(0, DRAFT_MAX_LENGTH) });
    }, DRAFT_SENT_EVERY_MS);
  }

  /** The operator suggests a page: a link the visitor may follow (new tab). The widget never navigates by itself. */
  #addNavigation(data) {
    const element = navigationElement(data);
    if (!element) return;
    const nearEnd = this.#isNearEnd();
    this.#ui.list.insertBefore(element, this.#pending[0]?.element ?? null);
    this.#scrollToEnd(nearEnd);
  }

  async #loadOlder() {
    const first = Math.min(...this.#messages.keys());
    if (!Number.isFinite(first) || first <= 1) return;
    const from = Math.max(1, first - HISTORY_PAGE);
    const height = this.#ui.log.scrollHeight;
    this.#ui.olderButton.disabled = true;
    try {
      const page = await this.#session.command('history', { from, limit: first - from }, { resendable: true });
      if (page.conversationId === this.#conversation?.conversationId) for (const message of page.messages) this.#addMessage(message);
      this.#ui.log.scrollTop += this.#ui.log.scrollHeight - height; // keep what the visitor was reading in place
    } catch (error) {
      this.#showError(error.code, error.detail);
    } finally {
      this.#ui.olderButton.disabled = false;
      this.#renderOlder();
    }
  }

  async #endChat() {
    this.#clearError();
    this.#ui.endButton.disabled = true;
    try {
      this.#setConversation(await this.#session.command('close'));
    } catch (error) {
      this.#showError(error.code, error.detail);
    } finally {
      this.#ui.endButton.disabled = false;
    }
  }

  async #rate() {
    const rating = this.#rating;
    const chosen = this.#ui.ratingForm.querySelector('input[name="score"]:checked');
    if (!rating || !chosen) {
      this.#showError('invalid-request', 'Choose a score first.');
      return;
    }
    const comment = this.#ui.ratingComment.value.trim();
    rating.state = 'sending';
    this.#renderRating();
    try {
      const data = await this.#session.command('rate', comment ? { score: Number(chosen.value), comment } : { score: Number(chosen.value) });
      rating.state = 'done';
      this.#clearError();
      this.#setConversation(data);
    } catch (error) {
      rating.state = error.code === 'already-rated' ? 'done' : 'asking';
      this.#showError(error.code, error.detail);
    }
    this.#renderRating();
  }

  // --- Rendering ------------------------------------------------------------------------------------------------

  #renderStatus() {
    if (this.#fatal) return;
    const { status, notice, endButton, input } = this.#ui;
    const conversation = this.#conversation;
    const state = conversation?.status;
    status.textContent = statusText(conversation);
    status.dataset.state = state ?? 'none';
    endButton.hidden = !conversation || state === 'closed';
    input.placeholder = state === 'closed' ? 'Write to start a new conversation' : 'Write a message…';

    const lines = [];
    if (state === 'queued' || state === 'offered' || state === 'new') {
      if (this.#queue) lines.push(queueText(this.#queue));
      if (this.#waitReason?.kind === 'no-operator-online')
        lines.push('No operator is online right now. Your message is kept and we will answer as soon as someone is back.');
      if (this.#waitReason?.kind === 'outside-business-hours') lines.push(hoursText(this.#waitReason.data.nextOpening));
    }
    if (state === 'closed') lines.push('This conversation is closed. Write a message to start a new one.');
    if (!conversation && !this.#pending.length && !this.#messages.size) lines.push('Hi! Ask us anything — an operator will answer here.');
    notice.replaceChildren(...lines.map((line) => Object.assign(document.createElement('p'), { textContent: line })));
    notice.hidden = lines.length === 0;
    notice.dataset.kind = this.#waitReason?.kind ?? state ?? 'welcome';
  }

  #renderOlder() {
    const first = Math.min(...this.#messages.keys());
    this.#ui.olderButton.hidden = !(Number.isFinite(first) && first > 1);
  }

  #renderRating() {
    const { ratingForm, ratingScores, ratingComment, ratingSubmit, ratingThanks } = this.#ui;
    const rating = this.#rating;
    ratingForm.hidden = !rating || rating.state === 'done';
    ratingThanks.hidden = rating?.state !== 'done';
    if (!rating || rating.state === 'done') return;
    if (Number(ratingScores.dataset.scale) !== rating.scale) {
      ratingScores.dataset.scale = String(rating.scale);
      ratingScores.replaceChildren(...scoreChoices(rating.scale));
    }
    const busy = rating.state === 'sending';
    ratingSubmit.disabled = busy;
    ratingComment.disabled = busy;
    this.#scrollToEnd(true);
  }

  #renderUnread() {
    const { unread } = this.#ui;
    unread.hidden = this.#unread === 0;
    unread.textContent = String(this.#unread);
    unread.setAttribute('aria-label', `${this.#unread} new message${this.#unread === 1 ? '' : 's'}`);
  }

  #showError(code, detail) {
    const { error } = this.#ui;
    error.dataset.code = code ?? 'error';
    error.textContent = detail ? `${detail} (${code})` : code;
    error.hidden = false;
  }

  #clearError() {
    if (this.#fatal) return;
    const { error } = this.#ui;
    error.hidden = true;
    error.textContent = '';
    delete error.dataset.code;
  }

  #isNearEnd() {
    const { log } = this.#ui;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  #scrollToEnd(force) {
    if (!force) return;
    const { log } = this.#ui;
    requestAnimationFrame(() => (log.scrollTop = log.scrollHeight));
  }
}

// --- Texts ----------------------------------------------------------------------------------------------------

function statusText(conversation) {
  switch (conversation?.status) {
    case undefined:
      return 'We are here to help';
    case 'bot':
      return 'Talking with our assistant';
    case 'assigned':
      return `With operator ${conversation.operatorId}`;
    case 'closed':
      return 'Conversation closed';
    default:
      return 'Waiting for an operator';
  }
}

/** "You are number 2 in the queue, about 3 min." */
export function queueText({ position, expectedWaitSeconds }) {
  let text = `You are number ${position} in the queue`;
  if (typeof expectedWaitSeconds === 'number') text += expectedWaitSeconds < 60 ? ', less than a minute to wait' : `, about ${duration(expectedWaitSeconds)}`;
  return text + '.';
}

function duration(seconds) {
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

/** The next opening in the visitor's own time zone (the engine sends UTC). */
function hoursText(nextOpening) {
  if (!nextOpening) return 'We are outside our opening hours. Your message is kept and we will answer when we open.';
  const at = new Date(nextOpening);
  const sameDay = at.toDateString() === new Date().toDateString();
  const when = new Intl.DateTimeFormat(undefined, sameDay ? { hour: '2-digit', minute: '2-digit' } : { weekday: 'long', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(at);
  return `We are outside our opening hours. We open again ${sameDay ? 'today at ' : 'on '}${when} (your time); your message is kept.`;
}

function authorLabel(author, operatorId) {
  switch (author) {
    case 'customer':
      return 'You';
    case 'operator':
      return operatorId ?? 'Operator';
    case 'supervisor':
      return operatorId ? `${operatorId} (supervisor)` : 'Supervisor';
    default:
      return 'System';
  }
}

// --- DOM --------------------------------------------------------------------------------------------------------

function messageElement(message, meta) {
  const item = document.createElement('li');
  item.className = `message from-${message.author}`;
  if (message.sequence !== undefined) item.dataset.sequence = String(message.sequence);
  const author = el('span', { className: 'author', text: authorLabel(message.author, message.operatorId) });
  if (message.author === 'customer') author.classList.add('visually-hidden');
  const bubble = el('div', { className: 'bubble' });
  if (message.text) bubble.append(el('p', { className: 'text', text: message.text }));
  for (const attachment of message.attachments ?? []) bubble.append(attachmentElement(attachment));
  const footer = el('span', { className: 'meta' });
  if (message.at) {
    const time = el('time', { text: new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) });
    time.dateTime = message.at;
    footer.append(time);
  }
  item.append(author, bubble, footer);
  if (meta) setMeta(item, meta);
  return item;
}

function setMeta(item, state) {
  item.dataset.state = state;
  const footer = item.querySelector('.meta');
  footer.querySelector('.state')?.remove();
  footer.append(el('span', { className: 'state', text: state }));
}

function navigationElement(data) {
  let url = null;
  try {
    url = new URL(data.url);
  } catch {
    return null;
  }
  // The engine only sends http and https; a page showing anything else as a link would be a hole.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const item = el('li', { className: 'navigation' });
  const link = el('a', { className: 'navigation-link', text: `Open ${url.host}${url.pathname === '/' ? '' : url.pathname}` });
  link.href = url.href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.title = url.href;
  item.append(el('span', { className: 'author', text: `${authorLabel(data.author, data.operatorId)} suggests a page` }), link);
  return item;
}

function attachmentElement(attachment) {
  const label = `Attachment: ${attachment.fileName}`;
  let url = null;
  try {
    url = attachment.url ? new URL(attachment.url) : null;
  } catch {
    url = null;
  }
  // Only web links: a javascript: or data: URL from a stranger must not become clickable.
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return el('p', { className: 'attachment', text: label });
  const link = el('a', { className: 'attachment', text: label });
  link.href = url.href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  return link;
}

function scoreChoices(scale) {
  return Array.from({ length: scale }, (_, index) => {
    const score = index + 1;
    const label = el('label', { className: 'score' });
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'score';
    input.value = String(score);
    input.required = true;
    label.append(input, el('span', { className: 'star', text: '★' }), el('span', { className: 'visually-hidden', text: `${score} of ${scale}` }));
    label.title = `${score} of ${scale}`;
    return label;
  });
}

/** A speech bubble drawn as SVG (no icon font or emoji font needed on the visitor's device). */
function chatIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'launcher-icon');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  svg.append(path);
  return svg;
}

let widgetCount = 0;

/** The widget's DOM (static; nothing from the server goes in here). */
function build(root, title) {
  const id = `routing-chat-${++widgetCount}`;
  const container = el('div', { className: 'widget' });

  const panel = el('section', { className: 'panel' });
  panel.id = `${id}-panel`;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-labelledby', `${id}-title`);

  const header = el('header', { className: 'head' });
  const heading = el('div', { className: 'heading' });
  const h2 = el('h2', { text: title });
  h2.id = `${id}-title`;
  const status = el('p', { className: 'status' });
  status.setAttribute('aria-live', 'polite');
  heading.append(h2, status);
  const badge = el('span', { className: 'badge warn', text: 'connecting' });
  const minimize = el('button', { className: 'icon minimize', text: '×' });
  minimize.type = 'button';
  minimize.setAttribute('aria-label', 'Close chat window');
  header.append(heading, badge, minimize);

  const notice = el('div', { className: 'notice' });
  notice.setAttribute('role', 'status');

  const log = el('div', { className: 'log' });
  const olderButton = el('button', { className: 'older', text: 'Show earlier messages' });
  olderButton.type = 'button';
  olderButton.hidden = true;
  const list = el('ol', { className: 'messages' });
  list.setAttribute('role', 'log');
  list.setAttribute('aria-live', 'polite');
  list.setAttribute('aria-label', 'Messages');
  const typing = el('p', { className: 'typing' });
  typing.hidden = true;
  log.append(olderButton, list, typing);

  const ratingForm = el('form', { className: 'rating' });
  ratingForm.hidden = true;
  const fieldset = el('fieldset');
  fieldset.append(el('legend', { text: 'How did we do?' }));
  const ratingScores = el('div', { className: 'scores' });
  fieldset.append(ratingScores);
  const commentLabel = el('label', { className: 'comment-label', text: 'Comment (optional)' });
  commentLabel.htmlFor = `${id}-comment`;
  const ratingComment = el('textarea', { className: 'comment' });
  ratingComment.id = `${id}-comment`;
  ratingComment.rows = 2;
  ratingComment.maxLength = 2000;
  const ratingSubmit = el('button', { className: 'primary', text: 'Send rating' });
  ratingSubmit.type = 'submit';
  fieldset.append(commentLabel, ratingComment, ratingSubmit);
  ratingForm.append(fieldset);
  const ratingThanks = el('p', { className: 'thanks', text: 'Thank you for your rating!' });
  ratingThanks.hidden = true;
  ratingThanks.setAttribute('role', 'status');
  log.append(ratingForm, ratingThanks);

  const error = el('p', { className: 'error' });
  error.setAttribute('role', 'alert');
  error.hidden = true;

  const composer = el('form', { className: 'composer' });
  const inputLabel = el('label', { className: 'visually-hidden', text: 'Your message' });
  inputLabel.htmlFor = `${id}-input`;
  const input = el('textarea', { className: 'input' });
  input.id = `${id}-input`;
  input.rows = 2;
  input.maxLength = 20000;
  input.setAttribute('enterkeyhint', 'send');
  const sendButton = el('button', { className: 'send primary', text: 'Send' });
  sendButton.type = 'submit';
  composer.append(inputLabel, input, sendButton);

  const footer = el('footer', { className: 'foot' });
  const hint = el('span', { className: 'hint', text: 'Enter sends · Shift+Enter new line' });
  const endButton = el('button', { className: 'end', text: 'End chat' });
  endButton.type = 'button';
  endButton.hidden = true;
  footer.append(hint, endButton);

  panel.append(header, notice, log, error, composer, footer);

  const launcher = el('button', { className: 'launcher' });
  launcher.type = 'button';
  launcher.setAttribute('aria-controls', panel.id);
  const icon = chatIcon();
  const unread = el('span', { className: 'unread' });
  unread.hidden = true;
  launcher.append(icon, el('span', { className: 'launcher-label', text: 'Chat with us' }), unread);

  container.append(panel, launcher);
  root.append(container);
  return { panel, status, badge, minimize, notice, log, olderButton, list, typing, ratingForm, ratingScores, ratingComment, ratingSubmit, ratingThanks, error, composer, input, sendButton, endButton, launcher, unread };
}

function readStored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage may be blocked for third-party scripts; the widget then starts closed
  }
}

function writeStored(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // not remembered; nothing else depends on it
  }
}
