// The Network view's page. The extension renders the rows and the details (page text escaped
// there); this script only says what the user picked and shows what comes back.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const post = (m) => vscode.postMessage(m);
  let filterTimer;

  function sendFilter() {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => post({
      type: 'filter',
      text: /** @type {HTMLInputElement} */ ($('filter')).value,
      resourceType: /** @type {HTMLSelectElement} */ ($('type')).value,
      status: /** @type {HTMLSelectElement} */ ($('status')).value,
    }), 80);
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'render') {
      $('rows').innerHTML = m.rows;
      $('details').innerHTML = m.details;
      $('count').textContent = m.count;
      $('source').textContent = m.source;
      $('source').title = m.source;
      $('error').textContent = '';
      /** @type {HTMLInputElement} */ ($('keep')).checked = m.keep;
      $('reveal').textContent = m.revealed ? 'Mask values' : 'Reveal values…';
      for (const th of document.querySelectorAll('th[data-key]')) {
        th.setAttribute('aria-sort', th.getAttribute('data-key') === m.sort.key ? m.sort.dir : 'none');
      }
    } else if (m.type === 'error') {
      if ($('count').textContent === 'loading\u2026') $('count').textContent = '';
      $('error').textContent = m.message;
    }
  });

  $('filter').addEventListener('input', sendFilter);
  $('type').addEventListener('change', sendFilter);
  $('status').addEventListener('change', sendFilter);
  $('keep').addEventListener('change', (e) => post({ type: 'keep', keep: /** @type {HTMLInputElement} */ (e.target).checked }));
  $('reveal').addEventListener('click', () => post({ type: 'reveal' }));
  $('clear').addEventListener('click', () => post({ type: 'clear' }));
  $('export').addEventListener('click', () => post({ type: 'export' }));
  for (const th of document.querySelectorAll('th[data-key]')) {
    th.addEventListener('click', () => post({ type: 'sort', key: th.getAttribute('data-key') }));
  }
  function select(target) {
    const tr = target instanceof Element ? target.closest('tr[data-seq]') : null;
    if (tr) post({ type: 'select', seq: Number(tr.getAttribute('data-seq')) });
  }
  $('rows').addEventListener('click', (e) => select(e.target));
  $('rows').addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(e.target); } });
  $('details').addEventListener('click', (e) => {
    const b = e.target instanceof Element ? e.target.closest('#copyCurl') : null;
    if (b) post({ type: 'copyCurl', seq: Number(b.getAttribute('data-seq')) });
  });
  post({ type: 'ready' });
})();
