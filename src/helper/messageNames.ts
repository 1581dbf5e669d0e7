// A readable name for the last message the UI loop dispatched, for stall reports.
const WINDOWS_MESSAGES: Record<number, string> = {
  0x0002: 'WM_DESTROY', 0x0005: 'WM_SIZE', 0x000f: 'WM_PAINT', 0x0010: 'WM_CLOSE', 0x0012: 'WM_QUIT',
  0x001c: 'WM_ACTIVATEAPP', 0x0113: 'WM_TIMER', 0x0200: 'WM_MOUSEMOVE', 0x8001: 'WM_APP+1 (request wake-up)',
};

export function messageName(platform: NodeJS.Platform, code: number): string {
  if (platform !== 'win32') return 'GLib main-context iteration';
  if (code === 0) return 'none yet';
  return WINDOWS_MESSAGES[code] ?? `message 0x${code.toString(16).padStart(4, '0')}`;
}
