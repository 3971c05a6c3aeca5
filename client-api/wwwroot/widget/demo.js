// The demo customer site: it does what a site's backend would (issue a customer token with the channel key), then
// mounts the widget with that token, exactly as a site that fetches the token after load would.

import { api, workspacePath } from '../shared/api.js';
import { readCredentials, rememberCredentials, demoWorkspace } from '../shared/credentials.js';
import { randomId } from '../shared/format.js';
import { mountWidget } from './widget.js';

const VISITOR_KEY = 'routing.widget.visitor';
const $ = (id) => document.getElementById(id);
const form = $('setup');
const fields = { workspace: $('workspace'), channelKey: $('channel-key'), visitor: $('visitor') };
let widget = null;

// Where the setup comes from: the link's fragment (#workspace=..&credential=<channel key>[&visitor=..]), this tab's
// last one, or the demo workspace the landing page created in this browser.
const given = readCredentials('widget');
const demo = demoWorkspace();
fields.workspace.value = given?.workspace ?? demo?.workspace ?? '';
fields.channelKey.value = given?.credential ?? demo?.channelKey ?? '';
// The same visitor after a reload (the site would know them by their login or a cookie); a new one on request.
fields.visitor.value = given?.visitor ?? localStorage.getItem(VISITOR_KEY) ?? randomVisitor();
localStorage.setItem(VISITOR_KEY, fields.visitor.value);
renderSnippets(null);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  start();
});
$('new-visitor').addEventListener('click', () => {
  fields.visitor.value = randomVisitor();
  if (fields.workspace.value && fields.channelKey.value) start();
});
$('drop').addEventListener('click', () => widget?.session?.dropConnection());
for (const button of document.querySelectorAll('button.copy')) {
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($(button.dataset.copy).textContent);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => (button.textContent = 'Copy'), 2000);
  });
}

if (fields.workspace.value && fields.channelKey.value) start();

async function start() {
  const workspace = fields.workspace.value.trim();
  const channelKey = fields.channelKey.value.trim();
  const visitor = fields.visitor.value.trim();
  $('setup-error').textContent = '';
  if (!workspace || !channelKey || !visitor) {
    $('setup-error').textContent = 'Workspace, channel key and visitor id are all needed.';
    return;
  }
  localStorage.setItem(VISITOR_KEY, visitor);
  rememberCredentials('widget', { workspace, credential: channelKey, visitor });
  $('start').disabled = true;
  $('setup-status').textContent = 'Issuing a customer token…';
  try {
    // What the site's backend does (never in a browser in production: the channel key is a secret).
    const issued = await api(workspacePath(workspace, '/customer-tokens'), {
      method: 'POST',
      credential: channelKey,
      body: { externalCustomerId: visitor },
    });
    widget?.unmount();
    widget = mountWidget({ workspace, token: issued.token, title: 'Northwind support' });
    $('drop').disabled = false;
    $('setup-status').textContent = `Chatting as ${issued.externalCustomerId}; the token is valid until ${new Date(issued.expiresAt).toLocaleString()}.`;
    renderSnippets({ workspace, token: issued.token });
  } catch (error) {
    $('setup-status').textContent = '';
    $('setup-error').textContent = `Could not issue a customer token: ${error.detail ?? error.message} (${error.code ?? 'error'})`;
  } finally {
    $('start').disabled = false;
  }
}

function renderSnippets(issued) {
  const workspace = issued?.workspace || fields.workspace.value.trim() || 'acme';
  $('backend-snippet').textContent =
    `curl -X POST ${location.origin}${workspacePath(workspace, '/customer-tokens')} \\\n` +
    `  -H "Authorization: Bearer $CHANNEL_KEY" -H "Content-Type: application/json" \\\n` +
    `  -d '{"externalCustomerId":"${fields.visitor.value.trim() || 'visitor-1'}"}'`;
  $('tag-snippet').textContent =
    `<script type="module" src="${location.origin}/widget/widget.js"\n` +
    `  data-workspace="${workspace}" data-token="${issued?.token ?? 'rt1.TOKEN-FROM-YOUR-BACKEND'}"></script>`;
}

function randomVisitor() {
  return `visitor-${randomId(4)}`;
}
