// The test runtime's engine processes as a test finds them (native/test-runtime/processModel.h):
// message-only windows of the browser process (titled "<token>\t<user data folder>\t<arguments>")
// and of each renderer (titled "renderer <id> for 0x<parent HWND>").
import * as koffi from 'koffi';

const HWND_MESSAGE = -3n;

function user32() {
  const lib = koffi.load('user32.dll');
  return {
    FindWindowExW: lib.func('void * __stdcall FindWindowExW(intptr parent, void *after, const char16_t *cls, const char16_t *title)'),
    GetWindowTextW: lib.func('int __stdcall GetWindowTextW(void *hwnd, _Out_ uint16_t *text, int max)'),
    GetWindowThreadProcessId: lib.func('uint __stdcall GetWindowThreadProcessId(void *hwnd, _Out_ uint *pid)'),
  };
}

function windowsOfClass(cls: string): { title: string; pid: number }[] {
  const u = user32();
  const found: { title: string; pid: number }[] = [];
  for (let w = u.FindWindowExW(HWND_MESSAGE, null, cls, null); w; w = u.FindWindowExW(HWND_MESSAGE, w, cls, null)) {
    const text = new Uint16Array(4096);
    const n = u.GetWindowTextW(w, text, 4096) as number;
    const pid = [0];
    u.GetWindowThreadProcessId(w, pid);
    found.push({ title: String.fromCharCode(...text.subarray(0, n)), pid: pid[0] });
  }
  return found;
}

/** The pid of the browser process that serves a user data folder, or null. */
export function browserProcessOf(userDataFolder: string): number | null {
  const match = windowsOfClass('WebView2TestBrowser').find((b) => b.title.split('\t')[1]?.toLowerCase() === userDataFolder.toLowerCase());
  return match?.pid ?? null;
}

/** The pid of the renderer of the browser in a window (its native handle, as WindowInfo gives it), or null. */
export function rendererOf(nativeHandle: string): number | null {
  const match = windowsOfClass('WebView2TestRenderer').find((r) => r.title.endsWith(` for ${nativeHandle.toLowerCase()}`));
  return match?.pid ?? null;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
