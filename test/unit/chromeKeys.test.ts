// The Linux window's own keys and address field, without a display: which key means what, what
// the address field opens, and that the window's zoom steps are the extension's.
import * as assert from 'node:assert/strict';
import { ALT, CONTROL, Keys, SHIFT, keyAction } from '../../src/webkitgtk/chromeKeys';
import { ZOOM_LEVELS, nextZoom } from '../../src/zoomSteps';
import * as controls from '../../src/extension/windows/controls';
import { toAddressFieldUrl } from '../../src/urls';

describe('window keys and address field (Linux chrome)', () => {
  it('maps the browser keys, and leaves the rest to the page', () => {
    const cases: [number, number, string | null][] = [
      [Keys.F5, 0, 'reload'], [Keys.r, CONTROL, 'reload'], [Keys.r, CONTROL | SHIFT, 'reloadBypassCache'], [Keys.F5, SHIFT, 'reloadBypassCache'],
      [Keys.Left, ALT, 'back'], [Keys.Right, ALT, 'forward'], [Keys.l, CONTROL, 'focusAddress'],
      [Keys.equal, CONTROL, 'zoomIn'], [Keys.plus, CONTROL | SHIFT, 'zoomIn'], [Keys.KP_Add, CONTROL, 'zoomIn'],
      [Keys.minus, CONTROL, 'zoomOut'], [Keys.zero, CONTROL, 'zoomReset'], [Keys.F12, 0, 'devTools'],
      [Keys.Escape, 0, 'stop'], [Keys.w, CONTROL, 'close'], [Keys.m, CONTROL | SHIFT, 'deviceMenu'], [Keys.s, CONTROL | SHIFT, 'screenshot'],
      // Ctrl+S and Ctrl+M stay the page's (a web app's own save).
      [Keys.s, CONTROL, null], [Keys.m, CONTROL, null], [Keys.s, 0, null],
      // Not the window's: plain letters, arrows without Alt, Ctrl+Alt combinations, Ctrl+Shift+W.
      [Keys.r, 0, null], [Keys.l, 0, null], [Keys.Left, 0, null], [Keys.Left, CONTROL, null], [Keys.w, CONTROL | SHIFT, null],
      [Keys.r, CONTROL | ALT, null], [Keys.Escape, SHIFT, null], [0x61, CONTROL, null],
    ];
    for (const [key, mods, want] of cases) assert.equal(keyAction(key, mods), want, `key 0x${key.toString(16)} with modifiers ${mods}`);
    // Bits GDK sets besides (Num Lock = Mod2, button state) change nothing.
    assert.equal(keyAction(Keys.F5, 1 << 4), 'reload');
    assert.equal(keyAction(Keys.r, CONTROL | (1 << 4) | (1 << 8)), 'reload');
  });

  it('zooms in the extension\'s steps', () => {
    // One list, not two copies kept alike.
    assert.equal(controls.ZOOM_LEVELS, ZOOM_LEVELS);
    assert.equal(controls.nextZoom, nextZoom);
  });

  it('opens http and https only, completing a host as Open URL does', () => {
    assert.equal(toAddressFieldUrl('localhost:8080/x'), 'http://localhost:8080/x');
    assert.equal(toAddressFieldUrl(' example.com '), 'https://example.com/');
    assert.equal(toAddressFieldUrl('HTTPS://Example.com/a'), 'https://example.com/a');
    for (const [input, scheme] of [['javascript:alert(1)', 'javascript:'], ['JavaScript:x', 'javascript:'], ['data:text/html,x', 'data:'],
      ['file:///etc/passwd', 'file:'], ['/etc/passwd', 'file:'], ['about:blank', 'about:'], ['vbscript:x', 'vbscript:']]) {
      assert.throws(() => toAddressFieldUrl(input), new RegExp(`opens only http and https addresses, not ${scheme}`), input);
    }
    assert.throws(() => toAddressFieldUrl('  '), /it is empty/);
    assert.throws(() => toAddressFieldUrl('two words'), /white space/);
  });
});
