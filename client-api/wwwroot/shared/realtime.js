// A routing.v1 WebSocket session (client-api/REALTIME.md) that survives a dropped network: it keeps the session id
// and the last seq, reconnects with ?resume=&lastSeq= and so misses nothing; when the resume fails the server sends a
// fresh snapshot, and the page is told to replace its state ('snapshot').

const PROTOCOL = 'routing.v1';
const MAX_BACKOFF_MS = 10_000;

/** An `error` frame answering a command: `code` as in REALTIME.md, "Error codes". */
export class CommandError extends Error {
  constructor(code, detail) {
    super(detail || code);
    this.code = code;
    this.detail = detail;
  }
}

/**
 * Events (EventTarget): 'frame' (detail: every server frame with a seq, in order, once), 'snapshot' (a fresh
 * session starts: drop what you hold, the snapshot frames follow), 'status' (detail: 'connecting' | 'open' |
 * 'reconnecting' | 'closed'), 'ended' (detail: {code, reason}: the server will not take this session back, e.g.
 * 4003 credential no longer valid, 4004 operator blocked by an admin, 4001 another tab resumed it).
 * Also per frame type: on('message', data => ...).
 */
export class RealtimeSession extends EventTarget {
  #url;
  #socket = null;
  #sessionId = null;
  #lastSeq = 0;
  #nextRef = 1;
  #pending = new Map(); // ref -> {resolve, reject, frame, resendable, connection}
  #connection = 0; // which connection a command went out on
  #outbox = []; // commands issued while not connected, sent after the next welcome
  #attempt = 0;
  #stopped = false;
  #timer = null;
  status = 'connecting';

  /** role: 'customer' | 'operator' | 'supervisor'; credential: the token or key (sent as access_token: browsers cannot set headers on a WebSocket). */
  constructor({ workspace, role, credential, base = location }) {
    super();
    const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
    this.#url = `${scheme}//${base.host}/v1/workspaces/${encodeURIComponent(workspace)}/ws/${role}?access_token=${encodeURIComponent(credential)}`;
    this.#open();
  }

  /** Subscribes to one frame type's data (or 'snapshot', 'status', 'ended'); returns the function that unsubscribes. */
  on(type, handler) {
    const listener = (event) => handler(event.detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  /**
   * Sends a command; resolves with its reply's data, rejects with CommandError. `resendable` commands (a customer's
   * send with a clientMessageId, reads) are sent again when a fresh session replaces a lost one; others are rejected
   * with 'connection-lost' then, as the server may or may not have executed them.
   */
  command(type, data, { resendable = false } = {}) {
    const ref = String(this.#nextRef++);
    const frame = JSON.stringify(data === undefined ? { type, ref } : { type, ref, data });
    return new Promise((resolve, reject) => {
      const pending = { resolve, reject, frame, resendable, connection: 0 };
      this.#pending.set(ref, pending);
      this.#transmit(pending);
    });
  }

  /** Sends a command whose answer does not matter (typing). Dropped when not connected. */
  notify(type, data) {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(data === undefined ? { type } : { type, data }));
  }

  /** Closes for good (1000). */
  close() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.close(1000);
    this.#setStatus('closed');
    for (const pending of this.#pending.values()) pending.reject(new CommandError('closed', 'The session was closed'));
    this.#pending.clear();
  }

  /** For tests and demos: drops the connection as a lost network would, then resumes. */
  dropConnection() {
    this.#socket?.close(4500, 'dropped by the client');
  }

  #open() {
    this.#setStatus(this.#sessionId ? 'reconnecting' : 'connecting');
    const resume = this.#sessionId ? `&resume=${encodeURIComponent(this.#sessionId)}&lastSeq=${this.#lastSeq}` : '';
    const socket = new WebSocket(this.#url + resume, PROTOCOL);
    this.#socket = socket;
    socket.onmessage = (event) => this.#receive(JSON.parse(event.data));
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#closed(event.code, event.reason);
    };
  }

  #receive(frame) {
    if (frame.type === 'welcome') return this.#welcome(frame.data);
    if (frame.seq !== undefined) {
      if (frame.seq <= this.#lastSeq) return; // already had it
      this.#lastSeq = frame.seq;
    }
    if ((frame.type === 'reply' || frame.type === 'error') && frame.ref && this.#pending.has(frame.ref)) {
      const pending = this.#pending.get(frame.ref);
      this.#pending.delete(frame.ref);
      if (frame.type === 'reply') pending.resolve(frame.data ?? null);
      else pending.reject(new CommandError(frame.code, frame.detail));
      return;
    }
    this.dispatchEvent(new CustomEvent('frame', { detail: frame }));
    if (frame.type === 'error') return this.dispatchEvent(new CustomEvent('command-error', { detail: frame }));
    this.dispatchEvent(new CustomEvent(frame.type, { detail: frame.data }));
  }

  #welcome(welcome) {
    const fresh = !welcome.resumed;
    this.#sessionId = welcome.sessionId;
    this.#attempt = 0;
    const connection = ++this.#connection;
    if (fresh) {
      this.#lastSeq = welcome.lastSeq ?? 0;
      // The server does not know the old session's commands: resend what may safely run twice, fail the rest.
      for (const [ref, pending] of this.#pending) {
        if (pending.connection === 0) continue; // still in the outbox
        if (pending.resendable) this.#outbox.push(pending);
        else {
          this.#pending.delete(ref);
          pending.reject(new CommandError('connection-lost', 'The connection dropped before the answer came; check and try again'));
        }
      }
      this.dispatchEvent(new CustomEvent('snapshot', { detail: welcome }));
    }
    this.#setStatus('open');
    for (const pending of this.#outbox.splice(0)) this.#transmit(pending);
    if (!fresh) this.#settleEarlierCommands(connection);
  }

  #transmit(pending) {
    if (this.#socket?.readyState === WebSocket.OPEN && this.status === 'open') {
      pending.connection = this.#connection;
      this.#socket.send(pending.frame);
    } else this.#outbox.push(pending);
  }

  /**
   * After a resume, the server has replayed every answer it gave. A ping goes behind them: once it is answered, a
   * command from an earlier connection still unanswered never reached the server, so it is sent again if it may be,
   * else failed.
   */
  async #settleEarlierCommands(connection) {
    try {
      await this.command('ping');
    } catch {
      return; // dropped again: the next welcome settles them
    }
    for (const [ref, pending] of this.#pending) {
      if (pending.connection >= connection || pending.connection === 0) continue;
      if (pending.resendable) this.#transmit(pending);
      else {
        this.#pending.delete(ref);
        pending.reject(new CommandError('connection-lost', 'The connection dropped before the command reached the engine; try again'));
      }
    }
  }

  #closed(code, reason) {
    if (this.#stopped) return;
    if (code === 4001 || code === 4003 || code === 4004) {
      // Another tab resumed this session, the credential no longer holds, or an admin blocked the operator: reconnecting would not help.
      this.#stopped = true;
      this.#setStatus('closed');
      this.dispatchEvent(new CustomEvent('ended', { detail: { code, reason } }));
      return;
    }
    if (code === 4000) this.#sessionId = null; // the server cannot continue it: start afresh, without resume
    this.#setStatus('reconnecting');
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.#attempt++) * (0.5 + Math.random() / 2);
    this.#timer = setTimeout(() => this.#open(), this.#attempt === 1 ? 0 : delay);
  }

  #setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new CustomEvent('status', { detail: status }));
  }
}
