// The scripts the agent tools run in the product's isolated world of a page (runScript): an
// outline of the page an agent can act on, in the shape Playwright MCP's snapshots have (role,
// accessible name, state, [ref=eN]), and the lookups that turn a ref back into its element. The
// refs live in the isolated world's own global, out of the page's reach, until the next snapshot
// or the next document.

/** Longest outline answered, in characters; the rest is counted and said. */
export const MAX_OUTLINE_CHARS = 40_000;
/** Longest name or value shown for one element. */
const MAX_NAME_CHARS = 200;

/** The outline of the page: `{ title, url, lines, cut }`. Refs are renumbered on every call. */
export const OUTLINE_SCRIPT = `(() => {
  const MAX = ${MAX_OUTLINE_CHARS}, NAME = ${MAX_NAME_CHARS};
  const refs = new Map();
  globalThis.__webview2HostRefs = { document, refs };
  const lines = [];
  let size = 0, cut = 0, next = 1;
  const clip = (s) => { s = String(s || '').replace(/\\s+/g, ' ').trim(); return s.length > NAME ? s.slice(0, NAME) + '…' : s; };
  const hidden = (el) => {
    if (el.hidden || el.getAttribute('aria-hidden') === 'true') return true;
    const style = getComputedStyle(el);
    return style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse';
  };
  const inputRole = (el) => {
    const t = (el.getAttribute('type') || 'text').toLowerCase();
    if (t === 'hidden') return null;
    if (['button', 'submit', 'reset', 'image'].includes(t)) return 'button';
    if (t === 'checkbox') return 'checkbox';
    if (t === 'radio') return 'radio';
    if (t === 'range') return 'slider';
    if (t === 'number') return 'spinbutton';
    if (t === 'search') return 'searchbox';
    return 'textbox';
  };
  const roleOf = (el) => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit.split(' ')[0];
    const tag = el.localName;
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'button' || tag === 'summary') return 'button';
    if (tag === 'input') return inputRole(el);
    if (tag === 'textarea') return 'textbox';
    if (tag === 'select') return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'img') return el.getAttribute('alt') === '' ? null : 'img';
    const landmarks = { nav: 'navigation', main: 'main', header: 'banner', footer: 'contentinfo', aside: 'complementary', form: 'form', dialog: 'dialog',
      ul: 'list', ol: 'list', li: 'listitem', table: 'table', tr: 'row', td: 'cell', th: 'columnheader', label: null, option: 'option', iframe: 'iframe' };
    if (tag in landmarks) return landmarks[tag];
    if (el.isContentEditable && !(el.parentElement && el.parentElement.isContentEditable)) return 'textbox';
    return null;
  };
  const ACTIONABLE = new Set(['link', 'button', 'textbox', 'searchbox', 'checkbox', 'radio', 'combobox', 'listbox', 'slider', 'spinbutton',
    'switch', 'tab', 'menuitem', 'option', 'menuitemcheckbox', 'menuitemradio', 'treeitem']);
  const labelText = (el) => {
    if (el.labels && el.labels.length) return [...el.labels].map((l) => l.innerText).join(' ');
    return '';
  };
  const nameOf = (el, role) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) { const t = by.split(/\\s+/).map((id) => document.getElementById(id)).filter(Boolean).map((n) => n.innerText || n.textContent).join(' '); if (t.trim()) return t; }
    const aria = el.getAttribute('aria-label');
    if (aria && aria.trim()) return aria;
    if (['textbox', 'searchbox', 'checkbox', 'radio', 'combobox', 'listbox', 'slider', 'spinbutton'].includes(role)) {
      return labelText(el) || el.getAttribute('placeholder') || el.getAttribute('title') || el.getAttribute('name') || '';
    }
    if (el.localName === 'img' || (el.localName === 'input' && el.type === 'image')) return el.getAttribute('alt') || el.getAttribute('title') || '';
    if (el.localName === 'input') return el.value || el.getAttribute('title') || '';
    if (['link', 'button', 'heading', 'tab', 'menuitem', 'option', 'cell', 'columnheader', 'listitem', 'treeitem'].includes(role)) return el.innerText || el.textContent || el.getAttribute('title') || '';
    return el.getAttribute('title') || '';
  };
  const stateOf = (el, role) => {
    const s = [];
    if (role === 'heading') s.push('level=' + (Number(el.getAttribute('aria-level')) || Number(el.localName.slice(1)) || 2));
    if ('checked' in el && (role === 'checkbox' || role === 'radio')) s.push(el.checked ? 'checked' : 'unchecked');
    if (el.getAttribute('aria-checked')) s.push('checked=' + el.getAttribute('aria-checked'));
    if (el.getAttribute('aria-expanded')) s.push('expanded=' + el.getAttribute('aria-expanded'));
    if (el.getAttribute('aria-selected') === 'true' || (el.localName === 'option' && el.selected)) s.push('selected');
    if (el.disabled || el.getAttribute('aria-disabled') === 'true') s.push('disabled');
    if (el.required) s.push('required');
    if (document.activeElement === el) s.push('focused');
    return s;
  };
  const valueOf = (el, role) => {
    if (el.localName === 'select') return [...el.selectedOptions].map((o) => o.label).join(', ');
    if (['textbox', 'searchbox', 'spinbutton', 'slider'].includes(role)) {
      if (el.localName === 'input' && el.type === 'password') return el.value ? '••••' : '';
      return 'value' in el ? el.value : el.innerText;
    }
    return null;
  };
  const emit = (depth, text) => {
    const line = '  '.repeat(depth) + '- ' + text;
    if (size + line.length + 1 > MAX) { cut++; return false; }
    lines.push(line);
    size += line.length + 1;
    return true;
  };
  const quote = (s) => JSON.stringify(clip(s));
  const walk = (node, depth) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) {
        const text = clip(child.textContent);
        if (text && node.nodeType === 1 && !roleOf(node)) emit(depth, 'text: ' + quote(text));
        continue;
      }
      if (child.nodeType !== 1 || ['script', 'style', 'noscript', 'template', 'head', 'meta', 'link'].includes(child.localName)) continue;
      if (hidden(child)) continue;
      const role = roleOf(child);
      if (!role) { walk(child.shadowRoot || child, depth); continue; }
      let text = role;
      const name = clip(nameOf(child, role));
      if (name) text += ' ' + quote(name);
      const state = stateOf(child, role);
      if (state.length) text += ' [' + state.join('] [') + ']';
      if (ACTIONABLE.has(role) || child.hasAttribute('onclick') || child.tabIndex >= 0 && role !== 'heading' && !['list', 'listitem', 'table', 'row', 'cell', 'form', 'navigation', 'main', 'banner', 'contentinfo', 'complementary'].includes(role)) {
        const ref = 'e' + next++;
        refs.set(ref, child);
        text += ' [ref=' + ref + ']';
      }
      const value = valueOf(child, role);
      if (value) text += ': ' + quote(value);
      emit(depth, text);
      // A control's own text is its name: its children are not listed again.
      if (!['link', 'button', 'heading', 'textbox', 'searchbox', 'option', 'img', 'combobox', 'listbox'].includes(role)) walk(child.shadowRoot || child, depth + 1);
      else if (role === 'combobox' || role === 'listbox') walk(child, depth + 1);
    }
  };
  if (document.body) walk(document.body, 0);
  return { title: document.title, url: location.href, lines, cut };
})()`;

/**
 * An element by ref, scrolled into view: where to click it (the centre of its box, in the viewport's
 * CSS pixels), or why it cannot be (`problem`). Checks that the point is the element's, not a
 * cover's.
 */
export function targetScript(ref: string): string {
  return `(() => {
  const kept = globalThis.__webview2HostRefs;
  const el = kept && kept.document === document ? kept.refs.get(${JSON.stringify(ref)}) : undefined;
  if (!el) return { problem: 'unknown' };
  if (!el.isConnected) return { problem: 'gone' };
  el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return { problem: 'invisible' };
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const top = document.elementFromPoint(x, y);
  const covered = top && top !== el && !el.contains(top) && !(top.contains && top.contains(el) && top.localName === 'label');
  const what = (n) => n.localName + (n.id ? '#' + n.id : '') + (typeof n.className === 'string' && n.className ? '.' + n.className.trim().split(/\\s+/).join('.') : '');
  return { x, y, disabled: !!(el.disabled || el.getAttribute('aria-disabled') === 'true'), covered: covered ? what(top).slice(0, 100) : null,
    editable: el.isContentEditable || ['input', 'textarea'].includes(el.localName), tag: el.localName };
})()`;
}

/** Focuses an element by ref and selects what it holds, so that typed text replaces it. */
export function focusScript(ref: string): string {
  return `(() => {
  const kept = globalThis.__webview2HostRefs;
  const el = kept && kept.document === document ? kept.refs.get(${JSON.stringify(ref)}) : undefined;
  if (!el || !el.isConnected) return false;
  el.focus();
  if (typeof el.select === 'function') el.select();
  else if (el.isContentEditable) { const range = document.createRange(); range.selectNodeContents(el); const s = getSelection(); s.removeAllRanges(); s.addRange(range); }
  return document.activeElement === el;
})()`;
}

/** Selects options of a <select> by value or label; answers the labels selected, or null for no such element. */
export function selectScript(ref: string, values: string[]): string {
  return `(() => {
  const kept = globalThis.__webview2HostRefs;
  const el = kept && kept.document === document ? kept.refs.get(${JSON.stringify(ref)}) : undefined;
  if (!el || !el.isConnected) return null;
  if (el.localName !== 'select') return { problem: 'not a select' };
  const wanted = ${JSON.stringify(values)};
  const missing = wanted.filter((v) => ![...el.options].some((o) => o.value === v || o.label === v));
  if (missing.length) return { missing, options: [...el.options].map((o) => o.label).slice(0, 50) };
  for (const o of el.options) o.selected = wanted.includes(o.value) || wanted.includes(o.label);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return { selected: [...el.selectedOptions].map((o) => o.label) };
})()`;
}

/** Whether the page's visible text contains `text`. */
export function hasTextScript(text: string): string {
  return `(document.body ? document.body.innerText : '').includes(${JSON.stringify(text)})`;
}

/**
 * Marks an element by ref with a one-time attribute, so that script in the page's own world (where
 * the refs are not) can find it; answers false for no such element.
 */
export function markScript(ref: string, mark: string): string {
  return `(() => {
  const kept = globalThis.__webview2HostRefs;
  const el = kept && kept.document === document ? kept.refs.get(${JSON.stringify(ref)}) : undefined;
  if (!el || !el.isConnected) return false;
  el.setAttribute('data-webview2-host-target', ${JSON.stringify(mark)});
  return true;
})()`;
}
