// The landing page: the engine's health, the demo workspace form and the links that open each page signed in.

import { demoWorkspace, forgetDemoWorkspace, linkWithCredentials, saveDemoWorkspace } from '/shared/credentials.js';
import { createDemoWorkspace } from './demo-workspace.js';

const $ = (id) => document.getElementById(id);

showHealth();
const existing = demoWorkspace();
if (existing) showReady(existing);

$('demo-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('bootstrap-key').value.trim();
  $('demo-error').textContent = '';
  $('demo-steps').replaceChildren();
  $('create-demo').disabled = true;
  let step = null;
  try {
    const demo = await createDemoWorkspace(key, (text) => {
      step?.classList.add('done');
      step = document.createElement('li');
      step.textContent = text;
      $('demo-steps').append(step);
    });
    step?.classList.add('done');
    $('bootstrap-key').value = '';
    saveDemoWorkspace(demo);
    showReady(demo);
  } catch (error) {
    step?.classList.add('failed');
    $('demo-error').textContent = error.code === 'unauthenticated'
      ? 'The engine refused this bootstrap key (unauthenticated). Use the value of Auth:BootstrapKey the silo was started with.'
      : `${error.code ?? 'error'}: ${error.detail ?? error.message}`;
  } finally {
    $('create-demo').disabled = false;
  }
});

$('forget-demo').addEventListener('click', () => {
  forgetDemoWorkspace();
  $('demo-ready').hidden = true;
  $('demo-steps').replaceChildren();
});

function showReady(demo) {
  $('demo-workspace').textContent = demo.workspace;
  const withWorkspace = (credential, extra = {}) => ({ workspace: demo.workspace, credential, ...extra });
  $('open-widget').href = linkWithCredentials('/widget/demo.html', withWorkspace(demo.channelKey));
  const [ann, bob] = demo.operators;
  $('open-console-ann').href = linkWithCredentials('/console/', withWorkspace(ann.token));
  $('open-console-bob').href = linkWithCredentials('/console/', withWorkspace(bob.token));
  $('open-wallboard').href = linkWithCredentials('/wallboard/', withWorkspace(demo.supervisorKey));
  const keys = [['Workspace', demo.workspace], ['Admin key', demo.adminKey], ['Channel key', demo.channelKey],
    ['Supervisor key', demo.supervisorKey], ...demo.operators.map((o) => [`${o.name}'s token`, o.token])];
  $('demo-keys').replaceChildren(...keys.flatMap(([name, value]) => [element('dt', name), element('dd', value)]));
  $('demo-ready').hidden = false;
}

async function showHealth() {
  const badge = $('health');
  try {
    const response = await fetch('/health');
    const health = await response.json();
    badge.textContent = response.ok ? `healthy · ${health.storage?.provider ?? ''}` : 'unhealthy';
    badge.className = `badge ${response.ok ? 'ok' : 'bad'}`;
  } catch {
    badge.textContent = 'unreachable';
    badge.className = 'badge bad';
  }
}

function element(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}
