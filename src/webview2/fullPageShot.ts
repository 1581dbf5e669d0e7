// A PNG of the whole document on Windows: CapturePreview shows only the viewport, so the DevTools
// protocol's Page.captureScreenshot with captureBeyondViewport, waited for like any completion.
import * as fs from 'node:fs';
import type { ScreenshotResult } from '../protocol';
import type { BackendWaitSpec } from '../helper/backend';
import { EngineError } from '../helper/errors';
import type { Completion } from '../helper/waits';
import type { Com } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { callDevTools } from './devToolsCalls';

type Wait = <T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void) => T;

export function fullPageScreenshot(com: Com, handlers: HandlerFactory, wait: Wait, windowId: number, webview: bigint, file: string): ScreenshotResult {
  const data = wait<string>({ site: 'screenshot', windowId }, (completion) => {
    callDevTools(com, handlers, webview, 'Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, (a) => {
      if (completion.abandoned) return;
      if (!a.ok) return completion.reject(new EngineError('screenshot', 'devtools', a.error));
      try {
        const body = (JSON.parse(a.json) as { data?: unknown }).data;
        if (typeof body === 'string') completion.resolve(body);
        else completion.reject(new EngineError('screenshot', 'devtools', 'Page.captureScreenshot answered no image'));
      } catch {
        completion.reject(new EngineError('screenshot', 'devtools', 'Page.captureScreenshot answered something that is not JSON'));
      }
    });
  });
  const png = Buffer.from(data, 'base64');
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47) throw new EngineError('screenshot', 'not-png', 'Page.captureScreenshot gave no PNG');
  fs.writeFileSync(file, png); // its folder was made by the main thread (prepareFolder.ts)
  return { path: file, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
