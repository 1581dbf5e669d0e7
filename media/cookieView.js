// The cookie view's page. It shows what the extension sends: values arrive masked and are sent
// one at a time when the user reveals them. It keeps no value it was not given.
(function () {
  const vscode = acquireVsCodeApi();
  const state = { cookies: [], revealed: new Map(), revealAll: false, filter: '', sort: { key: 'name', dir: 1 }, now: Date.now() };
  const $ = (id) => document.getElementById(id);

  function keyOf(c) { return `${c.name}\u0000${c.domain}\u0000${c.path}`; }

  function relative(seconds) {
    const diff = seconds * 1000 - state.now;
    const abs = Math.abs(diff);
    const units = [['year', 31536e6], ['month', 2592e6], ['day', 864e5], ['hour', 36e5], ['minute', 6e4], ['second', 1e3]];
    for (const [unit, ms] of units) {
      if (abs >= ms || unit === 'second') {
        const n = Math.round(abs / ms);
        const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
        return diff >= 0 ? `in ${text}` : `${text} ago`;
      }
    }
    return '';
  }

  function shownValue(c) {
    const k = keyOf(c);
    return state.revealed.has(k) ? state.revealed.get(k) : null;
  }

  function visible() {
    const f = state.filter.toLowerCase();
    const rows = state.cookies.filter((c) => !f || [c.name, c.domain, c.path, c.sameSite, shownValue(c) ?? ''].some((t) => String(t).toLowerCase().includes(f)));
    const { key, dir } = state.sort;
    const val = (c) => (key === 'expires' ? (c.expires ?? Infinity) : key === 'value' ? (shownValue(c) ?? '') : c[key]);
    return rows.sort((a, b) => {
      const x = val(a); const y = val(b);
      return (x < y ? -1 : x > y ? 1 : 0) * dir || keyOf(a).localeCompare(keyOf(b));
    });
  }

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    if (cls) td.className = cls;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  // Name, domain and path keep one line and give way with an ellipsis (full text in the tooltip).
  function clipped(tr, text, cls) {
    const td = cell(tr, '', cls);
    const span = document.createElement('span');
    span.className = 'clip';
    span.textContent = text;
    span.title = text;
    td.appendChild(span);
    return td;
  }

  function button(label, title, onClick, cls) {
    const b = document.createElement('button');
    b.textContent = label;
    b.title = title;
    b.className = cls || 'link';
    b.addEventListener('click', onClick);
    return b;
  }

  function render() {
    const body = $('rows');
    body.textContent = '';
    const rows = visible();
    for (const c of rows) {
      const tr = document.createElement('tr');
      tr.dataset.name = c.name;
      clipped(tr, c.name, 'name');
      // The value truncates with an ellipsis (full text in its tooltip); its Reveal button never wraps.
      const value = cell(tr, '', 'value');
      const box = document.createElement('div');
      box.className = 'value-box';
      value.appendChild(box);
      const text = document.createElement('span');
      text.className = 'text';
      box.appendChild(text);
      const shown = shownValue(c);
      if (shown !== null) { text.textContent = shown; text.title = shown; }
      else {
        text.classList.add('masked');
        text.textContent = c.value === '' ? '(empty)' : '\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022';
        if (c.value !== '') box.appendChild(button('Reveal', `Show the value of ${c.name}`, () => vscode.postMessage({ type: 'reveal', key: { name: c.name, domain: c.domain, path: c.path } }), 'link reveal'));
      }
      clipped(tr, c.domain, 'domain');
      clipped(tr, c.path, 'path');
      const expires = cell(tr, '', 'expires');
      if (c.session || c.expires === null) expires.textContent = 'session';
      else {
        const at = new Date(c.expires * 1000);
        expires.textContent = at.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
        expires.title = at.toLocaleString();
        const rel = document.createElement('div');
        rel.className = 'relative';
        rel.textContent = relative(c.expires);
        expires.appendChild(rel);
      }
      cell(tr, c.httpOnly ? '\u2713' : '', 'flag httpOnly');
      cell(tr, c.secure ? '\u2713' : '', 'flag secure');
      cell(tr, c.sameSite[0].toUpperCase() + c.sameSite.slice(1), 'sameSite');
      cell(tr, c.session ? '\u2713' : '', 'flag session');
      const actions = cell(tr, '', 'actions');
      actions.appendChild(button('Copy', 'Copy this row as JSON (values as shown)', () => vscode.postMessage({ type: 'copy', keys: [{ name: c.name, domain: c.domain, path: c.path }] }), 'link copy'));
      actions.appendChild(button('Edit', 'Edit this cookie', () => vscode.postMessage({ type: 'edit', key: { name: c.name, domain: c.domain, path: c.path } }), 'link edit'));
      actions.appendChild(button('Delete', 'Delete this cookie', () => vscode.postMessage({ type: 'delete', key: { name: c.name, domain: c.domain, path: c.path } }), 'link delete'));
      body.appendChild(tr);
    }
    for (const th of document.querySelectorAll('th[data-key]')) {
      th.setAttribute('aria-sort', th.dataset.key === state.sort.key ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
    $('count').textContent = `${rows.length} of ${state.cookies.length} cookie${state.cookies.length === 1 ? '' : 's'}`;
    $('revealAll').textContent = state.revealAll ? 'Mask all' : 'Reveal all';
  }

  function clearRows() {
    state.cookies = [];
    state.revealed = new Map();
    $('rows').textContent = '';
    $('note').textContent = '';
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'cookies') {
      state.cookies = m.cookies;
      state.now = m.now;
      state.revealAll = m.revealAll;
      state.revealed = new Map(m.revealed.map((r) => [keyOf(r), r.value]));
      $('source').textContent = m.source;
      $('source').title = m.source;
      $('note').textContent = m.note || '';
      $('error').textContent = '';
      render();
    } else if (m.type === 'revealed') {
      state.revealed.set(keyOf(m), m.value);
      render();
    } else if (m.type === 'gone') {
      // The window is closed: one line, no rows from before, nothing still "loading".
      clearRows();
      $('count').textContent = m.message;
      $('error').textContent = '';
    } else if (m.type === 'error') {
      if (m.clear) { clearRows(); $('count').textContent = ''; }
      else if ($('count').textContent === 'loading\u2026') $('count').textContent = '';
      $('error').textContent = m.message;
    }
  });

  $('filter').addEventListener('input', (e) => { state.filter = e.target.value; render(); });
  $('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  $('revealAll').addEventListener('click', () => vscode.postMessage({ type: state.revealAll ? 'maskAll' : 'revealAll' }));
  $('copyAll').addEventListener('click', () => vscode.postMessage({ type: 'copy', keys: visible().map((c) => ({ name: c.name, domain: c.domain, path: c.path })) }));
  $('add').addEventListener('click', () => vscode.postMessage({ type: 'add' }));
  $('export').addEventListener('click', () => vscode.postMessage({ type: 'export' }));
  for (const th of document.querySelectorAll('th[data-key]')) {
    th.addEventListener('click', () => {
      const key = th.dataset.key;
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      render();
    });
  }
  vscode.postMessage({ type: 'ready' });
})();
