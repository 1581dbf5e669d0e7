// What the helper process holds, for the soak benchmark's leak check (a test hook): resident
// memory, open handles (file descriptors on Linux, kernel handles on Windows) and the koffi
// callbacks registered. Read on the UI thread, where the callbacks are registered.
import * as fs from 'node:fs';
import * as koffi from 'koffi';
import type { FootprintResult } from './protocol';

const SYSTEM_HANDLE_INFORMATION = 16;
const STATUS_INFO_LENGTH_MISMATCH = 0xc0000004 | 0;
/** SYSTEM_HANDLE_TABLE_ENTRY_INFO on 64-bit; it starts with the owner's pid (its low 16 bits in NT's layout). */
const HANDLE_ENTRY_BYTES = 24;

interface WindowsCalls {
  getProcessHandleCount: (process: number, count: [number]) => number;
  ntQuerySystemInformation: (kind: number, buffer: Buffer, size: number, needed: [number]) => number;
}
let windows: WindowsCalls | undefined;

/**
 * Windows: GetProcessHandleCount. Wine answers it with 0, so there the count comes from the
 * system handle table (NtQuerySystemInformation), filtered to this process.
 */
function windowsHandles(): number {
  windows ??= {
    getProcessHandleCount: koffi.load('kernel32.dll').func('int __stdcall GetProcessHandleCount(intptr_t process, _Out_ uint32_t *count)'),
    ntQuerySystemInformation: koffi.load('ntdll.dll').func('int __stdcall NtQuerySystemInformation(int kind, _Out_ uint8_t *buffer, uint32_t size, _Out_ uint32_t *needed)'),
  };
  const count: [number] = [0];
  if (windows.getProcessHandleCount(-1 /* GetCurrentProcess() */, count) && count[0] > 0) return count[0];
  for (let size = 1 << 20; size <= 1 << 26; size *= 2) {
    const buffer = Buffer.alloc(size);
    const status = windows.ntQuerySystemInformation(SYSTEM_HANDLE_INFORMATION, buffer, size, [0]);
    if (status === STATUS_INFO_LENGTH_MISMATCH) continue;
    if (status < 0) return -1;
    const entries = buffer.readUInt32LE(0);
    let mine = 0;
    for (let i = 0; i < entries; i++) if (buffer.readUInt16LE(8 + i * HANDLE_ENTRY_BYTES) === (process.pid & 0xffff)) mine++;
    return mine;
  }
  return -1;
}

export function footprint(): FootprintResult {
  const handles = process.platform === 'win32' ? windowsHandles() : fs.readdirSync('/proc/self/fd').length;
  return { rssBytes: process.memoryUsage.rss(), handles, koffiCallbacks: koffi.stats().callbacks };
}
