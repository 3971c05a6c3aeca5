// Where a page finds its workspace and credential. In order: the URL fragment (#workspace=acme&credential=...: a
// fragment never reaches the server or its logs, and is removed from the address bar once read), then what this tab
// remembered (sessionStorage), then nothing (the page shows its sign-in form). The landing page's demo workspace is
// kept in localStorage so every window of this origin can open its links.

const DEMO_KEY = 'routing.demo';

/** {workspace, credential, ...} for `page` ('widget' | 'console' | 'wallboard'), or null when there is none yet. */
export function readCredentials(page) {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('workspace') && fragment.has('credential')) {
    const values = Object.fromEntries(fragment);
    rememberCredentials(page, values);
    history.replaceState(null, '', location.pathname + location.search);
    return values;
  }
  const stored = sessionStorage.getItem(storageKey(page));
  return stored ? JSON.parse(stored) : null;
}

export function rememberCredentials(page, values) {
  sessionStorage.setItem(storageKey(page), JSON.stringify(values));
}

export function forgetCredentials(page) {
  sessionStorage.removeItem(storageKey(page));
}

/** A link to `path` that hands `values` to the page in its fragment. */
export function linkWithCredentials(path, values) {
  return `${path}#${new URLSearchParams(values)}`;
}

/** The demo workspace the landing page created in this browser: {workspace, adminKey, channelKey, supervisorKey, departmentId, operators: [{operatorId, name, token}]}. */
export function demoWorkspace() {
  const stored = localStorage.getItem(DEMO_KEY);
  return stored ? JSON.parse(stored) : null;
}

export function saveDemoWorkspace(demo) {
  localStorage.setItem(DEMO_KEY, JSON.stringify(demo));
}

export function forgetDemoWorkspace() {
  localStorage.removeItem(DEMO_KEY);
}

function storageKey(page) {
  return `routing.${page}`;
}
