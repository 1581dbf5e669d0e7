import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { InvalidUrlError, toNavigableUrl } from '../../src/urls';

describe('URL validation', () => {
  const ok: [string, string][] = [
    ['https://example.com', 'https://example.com/'],
    ['  http://127.0.0.1:8080/a?b=1  ', 'http://127.0.0.1:8080/a?b=1'],
    ['example.com/docs', 'https://example.com/docs'],
    ['localhost:3000', 'http://localhost:3000/'],
    ['localhost:3000/app', 'http://localhost:3000/app'],
    ['127.0.0.1:9/x', 'http://127.0.0.1:9/x'],
    // An absolute path is a file URL as this platform writes it (file:///C:/tmp/... on Windows).
    ['/tmp/page one.html', pathToFileURL('/tmp/page one.html').href],
    ['file:///tmp/x.html', 'file:///tmp/x.html'],
    ['about:blank', 'about:blank'],
    ['data:text/html,<p>hi there</p>', 'data:text/html,<p>hi there</p>'],
    ['http://[::1]:8080/', 'http://[::1]:8080/'],
  ];
  for (const [input, expected] of ok) {
    it(`accepts ${JSON.stringify(input)}`, () => assert.equal(toNavigableUrl(input), expected));
  }

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['exa mple.com', /white space/],
    ['http://', /cannot be parsed/],
    ['javascript:alert(1)', /scheme javascript: is not supported/],
    ['ftp://example.com/file', /scheme ftp: is not supported/],
    ['http://exa_mple.com/', /is not a host name/],
    ['https://-bad-.com', /is not a host name/],
  ];
  for (const [input, reason] of bad) {
    it(`refuses ${JSON.stringify(input)} with a reason`, () => {
      assert.throws(() => toNavigableUrl(input), (err: unknown) => err instanceof InvalidUrlError && reason.test(err.message) && err.input === input);
    });
  }
});
