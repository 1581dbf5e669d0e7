// Device or Size: the device presets (src/devices.ts) and custom sizes for one window. A phone or
// tablet sets its viewport, and its user agent, pixel ratio and touch where the engine can; the
// picker says beforehand what this engine does not emulate, the status bar and the log say it
// after; the page reloads so that its requests and scripts see the device. A desktop size or a
// custom one removes every override (the engine's own user agent again).
import * as vscode from 'vscode';
import {
  DEVICE_PRESETS, deviceChangeWords, emulationOf, findPreset, presetNote, presetSummary, type DevicePreset,
} from '../../devices';
import { Requests, type PlatformInfo, type WindowInfo } from '../../protocol';
import type { Ctx } from '../ctx';
import { parseSize } from './controls';
import { onWindow } from './onWindow';

function engineOf(ctx: Ctx): PlatformInfo['engine'] {
  const state = ctx.client.state;
  return state.kind === 'ready' ? state.info.engine : process.platform === 'win32' ? 'WebView2' : 'WebKitGTK';
}

function isPreset(c: DevicePreset | { width: number; height: number }): c is DevicePreset {
  return 'id' in c;
}

/** What a command argument asks for: a preset by name, "WIDTHxHEIGHT", or { width, height }. */
function chosenFrom(size: unknown): DevicePreset | { width: number; height: number } {
  if (typeof size === 'string') return findPreset(size) ?? parseSize(size);
  if (size && typeof size === 'object') return parseSize(`${(size as { width: unknown }).width}x${(size as { height: unknown }).height}`);
  throw new Error(`${JSON.stringify(size)} is not a size: pass a device (${DEVICE_PRESETS.map((p) => p.id).join(', ')}), "WIDTHxHEIGHT" or { width, height }`);
}

async function ask(ctx: Ctx, w: WindowInfo): Promise<DevicePreset | { width: number; height: number } | undefined> {
  const engine = engineOf(ctx);
  const current = w.bounds ? `${w.bounds.width} \u00d7 ${w.bounds.height}` : undefined;
  const now = w.device; // the helper's table keeps it, whether chosen here or in the window
  const items: (vscode.QuickPickItem & { preset?: DevicePreset })[] = [
    ...DEVICE_PRESETS.map((p) => ({
      label: p.label,
      description: `${presetSummary(p)}${now === p.label || (!now && !p.device && w.bounds?.width === p.width && w.bounds?.height === p.height) ? ' (current)' : ''}`,
      detail: presetNote(p, engine),
      preset: p,
    })),
    { label: '$(edit) Custom…', description: 'type width x height', detail: 'a desktop size: no user agent, pixel ratio or touch override' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `WebView2: Device or size of window ${w.windowId}${now ? ` (now a ${now})` : current ? ` (now ${current})` : ''}`,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.preset) return picked.preset;
  const text = await vscode.window.showInputBox({
    title: `WebView2: Size of window ${w.windowId}`,
    prompt: 'Width x height in pixels',
    value: w.bounds ? `${w.bounds.width}x${w.bounds.height}` : '1024x768',
    validateInput: (t) => { try { parseSize(t); return undefined; } catch (err) { return (err as Error).message; } },
  });
  return text === undefined ? undefined : parseSize(text);
}

export const setSize = onWindow('setSize', 'WebView2: Device or Size', async (ctx, w, caller, size?: unknown) => {
  if (size === undefined && caller === 'code') throw new Error('setSize needs a device ("phone") or a size ("375x667" or { width, height }) when called from code');
  const chosen = size === undefined ? await ask(ctx, w) : chosenFrom(size);
  if (!chosen) return undefined;
  const windowId = w.windowId;
  const device = isPreset(chosen) ? emulationOf(chosen) : null;
  let said: string;
  let answer: Record<string, unknown>;
  if (device) {
    const result = await ctx.client.request(Requests.setDevice, { windowId, device });
    if (w.url) await ctx.client.request(Requests.reload, { windowId }); // its requests and scripts see the device
    said = deviceChangeWords(windowId, { device, result, engine: engineOf(ctx) }, Boolean(w.url));
    answer = { width: device.width, height: device.height, device: device.name, ...result };
  } else {
    await ctx.client.request(Requests.setBounds, { windowId, width: chosen.width, height: chosen.height });
    const was = w.device;
    if (was) {
      await ctx.client.request(Requests.setDevice, { windowId, device: null });
      if (w.url) await ctx.client.request(Requests.reload, { windowId });
    }
    said = deviceChangeWords(windowId, { width: chosen.width, height: chosen.height, was }, Boolean(w.url));
    answer = { width: chosen.width, height: chosen.height };
  }
  ctx.output.info(said);
  if (caller === 'person') {
    // A size change on a window behind others would look like nothing happened: bring it forward.
    await ctx.client.request(Requests.focus, { windowId });
    vscode.window.setStatusBarMessage(`WebView2: ${said}`, 6000);
  }
  return answer;
});
