// The extension's manifest as VS Code reads it: where it runs, how users find the preview, and
// that everything it names ships in the VSIX.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const c = manifest.contributes;
const allowed = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split(/\r?\n/).filter((l) => l.startsWith('!')).map((l) => l.slice(1));

function shipped(file: string): boolean {
  return allowed.some((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '.+').replace(/\*/g, '[^/]+')}$`).test(file));
}

describe('manifest', () => {
  it('runs on the user\'s machine first, in the workspace where it cannot; activates on its commands and after start-up (to restore windows)', () => {
    assert.deepEqual(manifest.extensionKind, ['ui', 'workspace']);
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
  });

  it('has a web entry (VS Code for the Web) that ships, so that its commands can say no window shows there', () => {
    assert.equal(manifest.browser, './dist/web.js');
    assert.ok(shipped('dist/web.js'));
    assert.ok(shipped(manifest.main.replace(/^\.\//, '')));
  });

  it('offers "Preview in Browser Window" in the editor title and the Explorer for HTML files', () => {
    const open = c.commands.find((x: { command: string }) => x.command === 'webview2Host.openInWindow');
    assert.equal(open.title, 'Preview in Browser Window');
    assert.ok(open.icon);
    for (const menu of ['editor/title', 'explorer/context']) {
      const entry = c.menus[menu].find((x: { command: string }) => x.command === 'webview2Host.openInWindow');
      assert.ok(entry, menu);
      assert.match(entry.when, /resourceExtname =~ \/\^\\\.\(html\?\|xhtml\)\$\/i/);
    }
  });

  it('binds a key to Open Current File, and palette searches for "preview" and "browser" find the preview', () => {
    assert.ok(c.keybindings.some((k: { command: string; key: string }) => k.command === 'webview2Host.openCurrentFile' && k.key));
    const titles = c.commands.map((x: { title: string }) => x.title.toLowerCase());
    assert.ok(titles.some((t: string) => t.includes('preview') && t.includes('current file')));
    assert.ok(titles.some((t: string) => t.includes('browser') && t.includes('open url')));
  });

  it('binds the current window\'s reload, zoom, screenshot and DevTools to one chord, only while a window is open, as the README lists them', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const chords = c.keybindings.filter((k: { key: string }) => k.key.startsWith('ctrl+alt+w '));
    const bound = Object.fromEntries(chords.map((k: { command: string; key: string; when: string }) => {
      assert.equal(k.when, 'webview2Host.hasWindows', k.command);
      return [k.command.replace(/^webview2Host\./, ''), k.key.slice('ctrl+alt+w '.length)];
    }));
    assert.deepEqual(bound, { chooseWindow: 'w', reload: 'r', zoomIn: '=', zoomOut: '-', zoomReset: '0', saveScreenshot: 's', openDevTools: 'd' });
    const documented = /Keys, while a window is open \(`Ctrl\+Alt\+W`, then a key; on the current window\): `R` Reload Page,\s+`=` Zoom In, `-` Zoom Out, `0` Reset Zoom, `S` Save Screenshot, `D` Open DevTools, `W` Choose\s+Window…/;
    assert.match(readme, documented);
  });

  it('hides the window commands while no window is open', () => {
    const windowCommands = ['chooseWindow', 'navigate', 'goBack', 'goForward', 'reload', 'stop', 'zoomIn', 'zoomOut', 'zoomReset', 'setSize', 'copyUrl', 'openExternal', 'bringToFront', 'openDevTools', 'saveScreenshot', 'closeAll'];
    for (const name of windowCommands) {
      const id = `webview2Host.${name}`;
      assert.ok(c.commands.some((x: { command: string }) => x.command === id), `${id} is contributed`);
      assert.equal(c.menus.commandPalette.find((x: { command: string }) => x.command === id)?.when, 'webview2Host.hasWindows', id);
    }
  });

  it('has a walkthrough of 4 steps whose images ship in the VSIX', () => {
    assert.equal(c.walkthroughs.length, 1);
    const steps = c.walkthroughs[0].steps;
    assert.equal(steps.length, 4);
    for (const step of steps) {
      assert.ok(fs.existsSync(path.join(root, step.media.image)), `${step.media.image} exists`);
      assert.ok(shipped(step.media.image), `${step.media.image} is whitelisted in .vscodeignore`);
      assert.ok(step.media.altText);
    }
    // The reload step completes when a save reloaded a window (the preview sets this context key then).
    const reload = steps.find((s: { title: string }) => /reloads/.test(s.title));
    assert.ok(reload?.completionEvents.includes('onContext:webview2Host.reloadedOnSave'), JSON.stringify(reload?.completionEvents));
    assert.match(fs.readFileSync(path.join(root, 'src/extension/preview/preview.ts'), 'utf8'), /RELOADED_ON_SAVE = 'webview2Host\.reloadedOnSave'/);
  });

  it('ships the diagnostics view\'s page code and styles', () => {
    for (const f of ['media/diagnostics.js', 'media/diagnostics.css']) {
      assert.ok(fs.existsSync(path.join(root, f)), f);
      assert.ok(shipped(f), `${f} is whitelisted`);
    }
  });

  it('titles every setting in words, marks the Windows-only ones, and offers reloadOnSave', () => {
    const props = c.configuration.properties;
    for (const [key, p] of Object.entries<{ markdownDescription?: string; default: unknown }>(props)) {
      assert.match(p.markdownDescription ?? '', /^\*\*[A-Z][^*]+\.\*\* /, `${key} starts with a title in words`);
    }
    assert.match(props['webview2Host.stallThresholdMs'].markdownDescription, /^\*\*Stall threshold \(milliseconds\)\.\*\*/);
    for (const key of ['waitStrategy', 'browserFolder', 'loaderPath']) assert.match(props[`webview2Host.${key}`].markdownDescription, /\(Windows only\)/);
    assert.deepEqual(props['webview2Host.reloadOnSave'].enum, ['off', 'page', 'workspace']);
    assert.equal(props['webview2Host.reloadOnSave'].default, 'workspace');
  });
});
