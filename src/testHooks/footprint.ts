// What the helper process holds, for the soak benchmark's leak check (a test hook): resident
// memory, open handles (file descriptors on Linux, kernel handles on Windows) and the koffi
// callbacks registered. Read on the UI thread, where the callbacks are registered.
import * as fs from 'node:fs';
import * as koffi from 'koffi';
import type { FootprintResult } from './protocol';

let handleCount: ((process: number, count: [number]) => number) | undefined;

function handles(): number {
  if (process.platform !== 'win32') return fs.readdirSync('/proc/self/fd').length;
  handleCount ??= koffi.load('kernel32.dll').func('int __stdcall GetProcessHandleCount(intptr_t process, _Out_ uint32_t *count)');
  const count: [number] = [0];
  return handleCount(-1 /* GetCurrentProcess() */, count) ? count[0] : -1;
}

export function footprint(): FootprintResult {
  return { rssBytes: process.memoryUsage.rss(), handles: handles(), koffiCallbacks: koffi.stats().callbacks };
}
