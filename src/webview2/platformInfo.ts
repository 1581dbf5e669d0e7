// What the diagnostics say about the UI thread's apartment and the machine: the COWAIT flags
// behave differently per apartment, and x64 code emulated on ARM64 has WebView2 bugs of its own.
import type { Win32 } from './ffi/win32';

const APARTMENT_TYPES: Record<number, string> = { [-1]: 'CURRENT', 0: 'STA', 1: 'MTA', 2: 'NA', 3: 'MAINSTA' };
const QUALIFIERS: Record<number, string> = {
  0: 'NONE', 1: 'IMPLICIT_MTA', 2: 'NA_ON_MTA', 3: 'NA_ON_STA', 4: 'NA_ON_IMPLICIT_MTA', 5: 'NA_ON_MAINSTA', 6: 'APPLICATION_STA', 7: 'RESERVED_1',
};
const MACHINES: Record<number, string> = { 0x014c: 'x86', 0x8664: 'x64', 0xaa64: 'arm64', 0x01c4: 'arm' };

export function describeApartment(win32: Win32): string {
  const type = [0];
  const qualifier = [0];
  const hr = win32.CoGetApartmentType(type, qualifier);
  if (hr < 0) return `unknown (CoGetApartmentType failed: 0x${(hr >>> 0).toString(16)})`;
  const name = APARTMENT_TYPES[type[0]] ?? `type ${type[0]}`;
  const q = QUALIFIERS[qualifier[0]] ?? `qualifier ${qualifier[0]}`;
  const asta = qualifier[0] === 6;
  const note = asta
    ? 'an ASTA: COWAIT_DISPATCH_CALLS dispatches calls'
    : `${name === 'MTA' ? 'an MTA: WebView2 needs an STA' : 'not an ASTA: COWAIT_DISPATCH_CALLS has no effect; COWAIT_DISPATCH_WINDOW_MESSAGES makes the wait dispatch window messages'}`;
  return `${name} (${q}); ${note}`;
}

export function describeMachine(win32: Win32): { process: string; native: string; emulated: boolean } {
  const processArch = process.arch === 'ia32' ? 'x86' : process.arch;
  if (!win32.IsWow64Process2) return { process: processArch, native: 'unknown (no IsWow64Process2)', emulated: false };
  const processMachine = [0];
  const nativeMachine = [0];
  if (!win32.IsWow64Process2(win32.GetCurrentProcess(), processMachine, nativeMachine)) {
    return { process: processArch, native: 'unknown (IsWow64Process2 failed)', emulated: false };
  }
  // IMAGE_FILE_MACHINE_UNKNOWN for the process means "not WOW64": x64 under ARM64 emulation reports
  // that too, so the process architecture comes from the runtime and the native one from Windows.
  const native = MACHINES[nativeMachine[0]] ?? `machine 0x${nativeMachine[0].toString(16)}`;
  const wow = MACHINES[processMachine[0]];
  const proc = wow ?? processArch;
  return { process: proc, native, emulated: proc !== native };
}
