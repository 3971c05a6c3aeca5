// Search (issue 15): the operator's keyword search over the messages of the dialogs they may read
// (GET operator/messages/search). Each hit has a snippet and the ranges of the matched words in it: those become <mark>
// elements around text nodes, never HTML (message texts are the customers').

import { el, redrawKeepingFocus } from '../shared/dom.js';
import { clock, describeError } from '../shared/format.js';
import { whenText } from './reminders.js';

const PAGE_SIZE = 20;

/** The snippet as text nodes with the highlighted ranges (UTF-16 offsets, as JavaScript strings count) in <mark>. */
export function highlighted(snippet, highlights) {
  const parts = [];
  let at = 0;
  const ranges = [...(highlights ?? [])].sort((a, b) => a.start - b.start);
  for (const { start, length } of ranges) {
    const from = Math.max(start, at);
    const to = Math.min(start + length, snippet.length);
    if (to <= from) continue; // overlapping or outside: the engine's ranges are trusted no more than its texts
    if (from > at) parts.push(snippet.slice(at, from));
    parts.push(el('mark', { text: snippet.slice(from, to) }));
    at = to;
  }
  if (at < snippet.length) parts.push(snippet.slice(at));
  return parts;
}

/**
 * The search form and its results. `context`: { call(path), operatorId(), heldDialog(conversationId),
 * openMessage(conversationId, sequence) }.
 */
export class Search {
  constructor({ form, results }, context) {
    this.form = form;
    this.results = results;
    this.list = results.querySelector('.search-list');
    this.summary = results.querySelector('.search-summary');
    this.more = results.querySelector('.search-more');
    this.error = form.querySelector('.search-error');
    this.context = context;
    this.query = '';
    this.hits = [];
    this.nextCursor = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run(form.elements.q.value.trim());
    });
    this.more.addEventListener('click', () => this.page());
    results.querySelector('.search-clear').addEventListener('click', () => this.clear());
  }

  async run(query) {
    if (!query) return this.clear();
    this.query = query;
    this.hits = [];
    this.nextCursor = null;
    await this.page();
  }

  /** The first page, or the next after nextCursor. */
  async page() {
    const params = new URLSearchParams({ q: this.query, limit: String(PAGE_SIZE) });
    if (this.nextCursor) params.set('cursor', this.nextCursor);
    this.error.textContent = '';
    this.more.disabled = true;
    try {
      const answer = await this.context.call(`/operator/messages/search?${params}`);
      this.hits.push(...answer.hits);
      this.nextCursor = answer.nextCursor;
    } catch (error) {
      // invalid-request: nothing to search for (only exclusions, no letter or digit, over 200 characters)
      this.error.textContent = `Could not search: ${describeError(error)}`;
      if (!this.hits.length) return this.clear({ keepError: true });
    } finally {
      this.more.disabled = false;
    }
    this.render();
  }

  clear({ keepError = false } = {}) {
    this.query = '';
    this.hits = [];
    this.nextCursor = null;
    this.results.hidden = true;
    if (!keepError) this.error.textContent = '';
  }

  /** Redrawn whenever the console's dialogs change too: a hit opens only while its dialog is held here. */
  render() {
    if (!this.query) return;
    this.results.hidden = false;
    const summary = this.hits.length
      ? `${this.hits.length}${this.nextCursor ? '+' : ''} message${this.hits.length === 1 ? '' : 's'} found for “${this.query}”`
      : `Nothing found for “${this.query}”`;
    if (this.summary.textContent !== summary) this.summary.textContent = summary; // a live region: said once
    this.more.hidden = !this.nextCursor;
    redrawKeepingFocus(this.list, () => this.list.replaceChildren(...this.hits.map((hit) => this.item(hit))));
  }

  item(hit) {
    const me = this.context.operatorId();
    const who = hit.author === 'customer' ? 'Customer' : hit.author === 'operator' ? (hit.operatorId === me ? 'You' : hit.operatorId ?? 'operator')
      : hit.author === 'supervisor' ? `Supervisor ${hit.operatorId ?? ''}`.trim() : 'System';
    const meta = el('span', { className: 'search-meta muted' },
      `${who} · `, el('time', { dateTime: hit.at, text: `${whenText(hit.at)}` }), ` · dialog ${hit.conversationId}`);
    const snippet = el('span', { className: 'search-snippet' }, highlighted(hit.snippet, hit.highlights));
    const key = { conversation: hit.conversationId, sequence: String(hit.sequence) };
    if (this.context.heldDialog(hit.conversationId)) {
      return el('li', { dataset: key },
        el('button', {
          type: 'button', className: 'search-hit', title: `Open the dialog at this message (${clock(hit.at)})`,
          dataset: { focusKey: `${hit.conversationId}:${hit.sequence}` },
          onClick: () => this.context.openMessage(hit.conversationId, hit.sequence),
        }, meta, snippet));
    }
    return el('li', { dataset: key },
      el('div', { className: 'search-hit closed' }, meta, snippet,
        el('span', { className: 'search-note', text: 'Not in your console now: only this excerpt is shown.' })));
  }
}
