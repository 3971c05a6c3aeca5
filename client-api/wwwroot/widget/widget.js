// The customer chat widget, as a site embeds it. One script tag is enough:
//
//   <script type="module" src="https://ENGINE/widget/widget.js" data-workspace="acme" data-token="rt1...."></script>
//
// or, for a site that fetches the visitor's token later:
//
//   import { mountWidget } from 'https://ENGINE/widget/widget.js';
//   mountWidget({ workspace: 'acme', token });
//
// The token is a customer token the site's backend asked for with its channel key
// (POST /v1/workspaces/{ws}/customer-tokens {"externalCustomerId": "visitor-1"}): the channel key never reaches a
// browser. Everything else happens on the customer WebSocket (client-api/REALTIME.md, "Customer"), so the widget makes
// no REST call and needs no CORS for the API. It talks to the engine it was loaded from (import.meta.url), not to
// the page's origin, and draws itself in a Shadow DOM with its own stylesheet, so the site's CSS and the widget's
// never meet.

import { RealtimeSession } from '../shared/realtime.js';
import { ChatPanel } from './chat-panel.js';

const SCRIPT_URL = new URL(import.meta.url);

/**
 * Mounts the widget (a launcher button and its chat panel) into `target` (default document.body).
 * `engine`: the engine's origin, default the one this module came from. Answers {session, element, open(), close(),
 * unmount()}; `session` is the RealtimeSession (a page may show it or, in a demo, drop its connection).
 */
export function mountWidget({ workspace, token, engine = SCRIPT_URL.origin, target = document.body, title } = {}) {
  if (!workspace) throw new Error('mountWidget: workspace is required');
  const base = new URL(engine);
  const host = document.createElement('div');
  host.className = 'routing-chat-widget';
  const shadow = host.attachShadow({ mode: 'open' });
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  // The engine's stylesheet, not the site's: a <link> needs no inline style, so a strict CSP on the site holds.
  link.href = new URL('/widget/widget.css', base).href;
  shadow.append(link);
  target.append(host);

  const problem = tokenProblem(token, workspace);
  // An invalid token is reported before connecting; a socket the engine refuses tells the browser nothing more.
  const session = problem ? null : new RealtimeSession({ workspace, role: 'customer', credential: token, base });
  const panel = new ChatPanel(shadow, { session, storageKey: `routing.widget.open:${base.origin}:${workspace}`, title });
  if (problem) panel.fatal(problem);

  return {
    session,
    element: host,
    open: () => panel.setOpen(true),
    close: () => panel.setOpen(false),
    unmount() {
      panel.dispose();
      session?.close();
      host.remove();
    },
  };
}

/**
 * Why a token cannot work, read from its payload (rt1.{base64url JSON}.{signature}) without trusting it: only the
 * engine checks the signature. Catches the usual mistakes early: no token, a key instead of a token, another
 * workspace's token, an operator's token, an expired one.
 */
export function tokenProblem(token, workspace, now = Date.now()) {
  if (!token) return { code: 'no-token', detail: 'The chat has no customer token. The site must issue one (POST customer-tokens) and pass it as data-token.' };
  const parts = String(token).split('.');
  let claims = null;
  if (parts.length === 3 && parts[0] === 'rt1') {
    try {
      const binary = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
      claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    } catch {
      claims = null;
    }
  }
  if (!claims) return { code: 'invalid-token', detail: 'The chat token is not a customer token (rt1....). The site must issue one with POST customer-tokens.' };
  if (claims.kind !== 'customer') return { code: 'invalid-token', detail: `The chat token is an ${claims.kind ?? 'unknown'} token, not a customer token.` };
  if (claims.workspaceId !== workspace) return { code: 'invalid-token', detail: `The chat token belongs to workspace '${claims.workspaceId}', not '${workspace}'.` };
  if (typeof claims.expiresAt === 'number' && claims.expiresAt * 1000 <= now)
    return { code: 'token-expired', detail: `The chat token expired at ${new Date(claims.expiresAt * 1000).toLocaleString()}. Reload the page for a new one.` };
  return null;
}

/** The one-script-tag embedding: mount for every <script src=".../widget.js" data-workspace data-token> of the page. */
function mountFromScriptTags() {
  for (const script of document.querySelectorAll('script[data-workspace]')) {
    if (!script.src || new URL(script.src, document.baseURI).href !== SCRIPT_URL.href || script.dataset.mounted) continue;
    script.dataset.mounted = 'true';
    mountWidget({ workspace: script.dataset.workspace, token: script.dataset.token, title: script.dataset.title });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountFromScriptTags, { once: true });
else mountFromScriptTags();
