// The diagnostics view's only script: its buttons ask the extension to copy the report or to
// fetch a new one. Everything shown is rendered by the extension.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const copied = document.getElementById('copied');
  document.getElementById('copy-report')?.addEventListener('click', () => vscode.postMessage({ type: 'copyReport' }));
  document.getElementById('refresh')?.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  window.addEventListener('message', (event) => {
    if (event.data?.type === 'copied' && copied) copied.textContent = 'Copied as Markdown.';
  });
})();
