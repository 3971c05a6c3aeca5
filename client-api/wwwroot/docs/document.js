// Shows a Markdown document the engine serves (data-source) as a page: the protocol document is written once, in
// client-api/REALTIME.md, and read here as it is served to programs.

import { marked } from '/vendor/marked/marked.esm.js';

const article = document.getElementById('document');
try {
  const response = await fetch(article.dataset.source);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  // The engine's own document, not user content: its HTML may be rendered as is.
  article.innerHTML = marked.parse(await response.text());
  for (const heading of article.querySelectorAll('h2, h3')) heading.id ||= heading.textContent.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
} catch (error) {
  article.textContent = `The document could not be read (${error.message}).`;
}
