// The Windows window's keys as actions (src/webview2/chromeKeys.ts), and the toolbar's DPI scaling.
import * as assert from 'node:assert/strict';
import { ALT, CONTROL, keyAction, scaleForDpi, SHIFT, TOOLBAR_HEIGHT_96, VK } from '../../src/webview2/chromeKeys';

describe('Windows window keys', () => {
  it('maps the browser keys to their actions, with exactly the modifiers they take', () => {
    const rows: [number, number, string | null][] = [
      [VK.F5, 0, 'reload'], [VK.F5, CONTROL, 'reload'], [VK.F5, SHIFT, 'reloadBypassCache'], [VK.F5, ALT, null],
      [VK.R, CONTROL, 'reload'], [VK.R, CONTROL | SHIFT, 'reloadBypassCache'], [VK.R, 0, null], [VK.R, ALT, null],
      [VK.LEFT, ALT, 'back'], [VK.RIGHT, ALT, 'forward'], [VK.LEFT, 0, null], [VK.LEFT, CONTROL | ALT, null],
      [VK.L, CONTROL, 'focusAddress'], [VK.L, 0, null],
      [VK.OEM_PLUS, CONTROL, 'zoomIn'], [VK.OEM_PLUS, CONTROL | SHIFT, 'zoomIn'], [VK.ADD, CONTROL, 'zoomIn'], [VK.OEM_PLUS, 0, null],
      [VK.OEM_MINUS, CONTROL, 'zoomOut'], [VK.SUBTRACT, CONTROL, 'zoomOut'], [VK.ZERO, CONTROL, 'zoomReset'], [VK.NUMPAD0, CONTROL, 'zoomReset'],
      [VK.ZERO, CONTROL | SHIFT, null],
      [VK.F12, 0, 'devTools'], [VK.F12, SHIFT, null], [VK.ESCAPE, 0, 'stop'], [VK.ESCAPE, SHIFT, null],
      [VK.W, CONTROL, 'close'], [VK.W, CONTROL | SHIFT, null],
      [VK.M, CONTROL | SHIFT, 'deviceMenu'], [VK.S, CONTROL | SHIFT, 'screenshot'], [VK.S, CONTROL, null], [VK.M, CONTROL, null], [VK.S, ALT, null], [0x41 /* A */, CONTROL, null], [VK.RETURN, 0, null],
    ];
    for (const [vk, mods, action] of rows) assert.equal(keyAction(vk, mods), action, `vk 0x${vk.toString(16)} mods ${mods}`);
  });

  it('ignores modifier bits it does not read', () => {
    assert.equal(keyAction(VK.F5, 0x100), 'reload');
  });

  it('scales the toolbar with the window\'s DPI', () => {
    assert.equal(scaleForDpi(TOOLBAR_HEIGHT_96, 96), 32);
    assert.equal(scaleForDpi(TOOLBAR_HEIGHT_96, 144), 48);
    assert.equal(scaleForDpi(TOOLBAR_HEIGHT_96, 120), 40);
  });
});
