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
      cell(tr, c.name, 'name');
      const value = cell(tr, '', 'value');
      const shown = shownValue(c);
      if (shown !== null) value.textContent = shown;
      else {
        const span = document.createElement('span');
        span.className = 'masked';
        span.textContent = c.value === '' ? '(empty)' : '\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022';
        value.appendChild(span);
        if (c.value !== '') value.appendChild(button('Reveal', `Show the value of ${c.name}`, () => vscode.postMessage({ type: 'reveal', key: { name: c.name, domain: c.domain, path: c.path } }), 'link reveal'));
      }
      cell(tr, c.domain, 'domain');
      cell(tr, c.path, 'path');
      const expires = cell(tr, '', 'expires');
      if (c.session || c.expires === null) expires.textContent = 'session';
      else {
        expires.textContent = new Date(c.expires * 1000).toLocaleString();
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

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'cookies') {
      state.cookies = m.cookies;
      state.now = m.now;
      state.revealAll = m.revealAll;
      state.revealed = new Map(m.revealed.map((r) => [keyOf(r), r.value]));
      $('source').textContent = m.source;
      $('source').title = m.source;
      $('error').textContent = '';
      render();
    } else if (m.type === 'revealed') {
      state.revealed.set(keyOf(m), m.value);
      render();
    } else if (m.type === 'error') {
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
