// The current window (the target of window commands when none is named), the status bar's words
// for it, and what is kept of the open windows for the next start.
import * as assert from 'node:assert/strict';
import type { WindowInfo } from '../../src/protocol';
import { CurrentWindow } from '../../src/extension/windows/current';
import { currentWindowView } from '../../src/extension/status/text';
import { NO_SAVED_WINDOWS, hasSavedWindows, parseSavedWindows, savedWindowsOf } from '../../src/extension/windows/savedWindows';

function row(windowId: number, url: string, extra: Partial<WindowInfo> = {}): WindowInfo {
  return { windowId, environmentId: 1, url, title: '', loading: false, nativeHandle: '0x1', zoom: 1, bounds: { x: 10, y: 20, width: 800, height: 600 }, failed: null, ...extra };
}

describe('current window', () => {
  it('is the window last opened, then the one last acted on', () => {
    const heard: (number | undefined)[] = [];
    const c = new CurrentWindow((id) => heard.push(id));
    c.seen(1);
    c.seen(2);
    assert.equal(c.of(), 2, 'the newest window');
    c.touched(1);
    assert.equal(c.of(), 1, 'a command on window 1');
    c.seen(2); // a change to a known window (a title, a load the page started) moves nothing
    assert.equal(c.of(), 1);
    assert.deepEqual(heard, [1, 2, 1]);
  });

  it('falls back to the most recent other window when the current one closes, and to none', () => {
    const c = new CurrentWindow();
    for (const id of [1, 2, 3]) c.seen(id);
    c.touched(1);
    c.closed(1);
    assert.equal(c.of(), 3);
    c.closed(3);
    c.closed(2);
    assert.equal(c.of(), undefined);
    c.closed(7); // never known: nothing happens
    assert.equal(c.of(), undefined);
  });

  it('is only ever an open window: the most recent of those given', () => {
    const c = new CurrentWindow();
    for (const id of [1, 2, 3]) c.seen(id);
    assert.equal(c.of([1, 2]), 2, 'window 3 is not open (a helper restarting)');
    assert.equal(c.of([]), undefined);
    assert.deepEqual(c.recency, [1, 2, 3]);
  });

  it('reads "Window N: title" in the status bar, the address while there is no title, cut to one short line', () => {
    assert.equal(currentWindowView(undefined, ''), undefined);
    assert.equal(currentWindowView(row(2, 'http://a/', { title: 'My page' }), 'http://a/')?.text, '$(window) Window 2: My page');
    assert.equal(currentWindowView(row(3, 'http://a/'), '/work/site/index.html')?.text, '$(window) Window 3: /work/site/index.html');
    const long = currentWindowView(row(4, 'http://a/', { title: `${'x'.repeat(60)}\nfake line` }), 'http://a/')!;
    assert.equal(long.text, `$(window) Window 4: ${'x'.repeat(39)}…`);
    assert.match(currentWindowView(row(5, 'http://a/', { title: 'T\u202eevil', failed: 'page crashed' }), 'http://a/')!.text, /^\$\(warning\) Window 5: T\\u202eevil$/);
    assert.match(long.tooltip, /target of window commands/);
  });
});

describe('saved windows', () => {
  const sources = {
    environmentOf: (id: number) => (id === 1 ? { userDataFolder: '/profiles/p' } : id === 2 ? { userDataFolder: '/profiles/q', proxy: 'http://127.0.0.1:8080' } : undefined),
    fileOf: (url: string) => (url.startsWith('http://127.0.0.1:5000/') ? 'file:///work/site/index.html' : undefined),
    current: 3,
    cookieViews: [3, 9],
    diagnostics: true,
  };

  it('keeps each window\'s address, place, size, zoom, device and profile; a served file as the file, never its URL', () => {
    const saved = savedWindowsOf([
      row(3, 'http://127.0.0.1:5000/0123456789abcdef0123456789abcdef/index.html', { zoom: 1.25, bounds: { x: 5, y: 6, width: 375, height: 667 }, device: 'Phone' }),
      row(1, 'https://example.com/a?b#c', { environmentId: 2 }),
      row(4, 'about:blank'), // shows nothing yet
      row(5, 'http://a/', { environmentId: 8 }), // profile not known
    ], sources);
    assert.deepEqual(saved, {
      version: 1,
      windows: [
        { windowId: 1, url: 'https://example.com/a?b#c', bounds: { x: 10, y: 20, width: 800, height: 600 }, zoom: 1, environment: { userDataFolder: '/profiles/q', proxy: 'http://127.0.0.1:8080' } },
        { windowId: 3, file: 'file:///work/site/index.html', bounds: { x: 5, y: 6, width: 375, height: 667 }, zoom: 1.25, device: 'Phone', environment: { userDataFolder: '/profiles/p' } },
      ],
      current: 3,
      views: { cookies: [3], diagnostics: true },
    });
    assert.doesNotMatch(JSON.stringify(saved), /0123456789abcdef/, 'the preview server\'s token is not kept');
    assert.deepEqual(parseSavedWindows(JSON.parse(JSON.stringify(saved))), { saved, problems: [] }, 'read back as written');
    assert.ok(hasSavedWindows(saved));
  });

  it('keeps nothing for no windows, and activation sees nothing to restore', () => {
    const saved = savedWindowsOf([], sources);
    assert.deepEqual(saved, NO_SAVED_WINDOWS);
    for (const v of [undefined, null, 0, 'x', {}, { windows: {} }, saved]) assert.equal(hasSavedWindows(v), false, JSON.stringify(v));
  });

  it('reads back what it can of a damaged state, and says why the rest is not restored', () => {
    const good = { windowId: 2, url: 'http://a/', bounds: { x: 0, y: 0, width: 640, height: 480 }, zoom: 9, environment: { userDataFolder: '/p' } };
    const { saved, problems } = parseSavedWindows({
      version: 1,
      windows: [
        good,
        { ...good }, // twice
        { ...good, windowId: 0 },
        { ...good, windowId: 3, file: 'file:///a.html' }, // both
        { ...good, windowId: 4, bounds: { x: 0, y: 0, width: 0.5, height: 480 } },
        { ...good, windowId: 5, environment: {} },
        'window 6',
        { ...good, windowId: 7, device: 'Pager' },
      ],
      current: 5,
      views: { cookies: [2, 5, 'x'], diagnostics: 'yes' },
    });
    assert.deepEqual(saved, {
      version: 1,
      windows: [{ ...good, zoom: 1 }, { ...good, windowId: 7, zoom: 1 }], // a zoom out of range comes back at 100 %; an unknown device as none
      views: { cookies: [2], diagnostics: false },
    });
    assert.deepEqual(problems, [
      'saved window 2 is not restored: window 2 is saved twice',
      'saved window 3 is not restored: window id 0 is not a whole number from 1',
      'saved window 4 is not restored: window 3 needs either a url or a file',
      'saved window 5 is not restored: window 4: {"x":0,"y":0,"width":0.5,"height":480} is not a place and size in whole pixels',
      'saved window 6 is not restored: window 5 has no profile folder',
      'saved window 7 is not restored: "window 6" is not a window',
      'saved window 7 comes back as a desktop window: "Pager" is not a device this version knows (Phone, Android phone, Tablet, Laptop)',
    ]);
    assert.deepEqual(parseSavedWindows({ version: 2, windows: [good] }), { saved: NO_SAVED_WINDOWS, problems: ['the saved windows are not in a form this version reads; none is restored'] });
    assert.deepEqual(parseSavedWindows(undefined), { saved: NO_SAVED_WINDOWS, problems: [] });
  });
});
