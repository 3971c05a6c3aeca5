// Building elements without HTML strings: texts from the engine (messages, customer ids) are the customer's, so they
// only ever go in as textContent.

/** A new element: el('p', {className: 'x', text: 'y', hidden: true, 'aria-label': 'z', onClick}, child, ...). */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') element.textContent = value;
    else if (key === 'className') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key === 'onClick') element.addEventListener('click', value);
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/**
 * Redraws `container` with `draw` and gives focus back to the element with the same data-focus-key: a list redrawn
 * while a keyboard user is on one of its buttons must not drop them at the top of the page.
 */
export function redrawKeepingFocus(container, draw) {
  const active = document.activeElement;
  const key = container.contains(active) ? active?.dataset?.focusKey : undefined;
  draw();
  if (key) container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}
