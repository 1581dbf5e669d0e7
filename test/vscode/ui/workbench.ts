// Driving code-server's workbench in Chromium as a user does: the command palette, the status
// bar, waiting for what the workbench shows when it gets to it. Shared by the UI checks.
import type { Page } from 'playwright-core';
import { until as untilTrue } from '../../support/until';

/** Page elements appear when the workbench gets to them: a probe that throws is "not yet". */
export function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20000): Promise<T> {
  return untilTrue(what, probe, timeoutMs, { intervalMs: 250, retryErrors: true });
}

export async function runPalette(page: Page, command: string): Promise<void> {
  // Right after start-up the palette may not take input yet: retry until the command is listed.
  await until(`"${command}" in the command palette`, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 3000 });
    await input.fill(`>${command}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first();
    await row.waitFor({ state: 'visible', timeout: 3000 });
    return true;
  }, 60000);
  await page.keyboard.press('Enter');
}

/** The helper's status bar item ("WebView2: 2 windows"). */
export async function statusText(page: Page): Promise<string> {
  return (await page.locator('.statusbar-item', { hasText: 'WebView2:' }).first().innerText()).trim();
}

/** The current window's status bar item ("Window 2: title"), or '' when there is none. */
export async function currentWindowText(page: Page): Promise<string> {
  const item = page.locator('.statusbar-item', { hasText: /^\s*Window \d+: / }).first();
  return (await item.count()) ? (await item.innerText()).trim() : '';
}

/** The rows of the quick pick open now, each as its texts (label, description, detail) joined by
 *  one space: innerText runs a label into its description. */
export async function quickPickRows(page: Page): Promise<string[]> {
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  // Runs in the page (no DOM types here): 4 is NodeFilter.SHOW_TEXT.
  return rows.evaluateAll((els: any[]) => els.map((el) => {
    const walk = (globalThis as any).document.createTreeWalker(el, 4);
    const parts: string[] = [];
    while (walk.nextNode()) {
      // Hidden parts of a reused row (a separator's "recently used") are not shown: not read.
      const t = String(walk.currentNode.textContent).replace(/\s+/g, ' ').trim();
      if (t && walk.currentNode.parentElement.getClientRects().length > 0) parts.push(t);
    }
    return parts.join(' ');
  }));
}

/** Picks a row of the quick pick open now by its text. */
export async function pickRow(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().click();
}

/** The text of an output channel, shown in the Output panel through "Output: Show Output
 *  Channels…" (long lines wrap in the panel: they are joined again). */
export async function outputChannelText(page: Page, channel: string): Promise<string> {
  await runPalette(page, 'Output: Show Output Channels');
  await page.locator('.quick-input-widget input').fill(channel);
  // Its row, not one of a channel whose name goes on ("WebView2 Host: Console"); a row may carry
  // its group's label after the name.
  const mine = (row: string) => row === channel || row.startsWith(`${channel} `);
  const index = await until(`"${channel}" among the channels`, async () => {
    const i = (await quickPickRows(page)).findIndex(mine);
    return i >= 0 ? i + 1 : undefined;
  }, 10000) - 1;
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').nth(index).click();
  const lines = page.locator('.part.panel .monaco-editor .view-lines').first();
  await lines.waitFor({ state: 'visible', timeout: 10000 });
  return (await lines.innerText()).replace(/\u00a0/g, ' ').replace(/\n/g, '');
}
