// Making the desktop exist before the helper opens a window, with nothing of the helper's handed
// to the process that serves it. Wine starts that process (explorer.exe /desktop) from the first
// process that needs a window, and gives it that process's stderr (STARTF_USESTDHANDLES). When the
// helper is that process, its stderr is a pipe to whoever started it (the CLI, VS Code), and the
// desktop process, which outlives the helper, would hold the pipe open: the parent would wait for
// an end of output that never comes. On Windows the desktop always exists and this changes nothing.
import { loadWin32 } from './ffi/win32';

const STD_ERROR_HANDLE = -12;
const GENERIC_WRITE = 0x40000000;
const FILE_SHARE_READ_WRITE = 0x3;
const OPEN_EXISTING = 3;

export function ensureDesktopWithoutOurPipes(): void {
  const { GetStdHandle, SetStdHandle, CreateFileW, CloseHandle, GetDesktopWindow } = loadWin32();
  const saved = GetStdHandle(STD_ERROR_HANDLE);
  const nul = CreateFileW('NUL', GENERIC_WRITE, FILE_SHARE_READ_WRITE, null, OPEN_EXISTING, 0, null);
  SetStdHandle(STD_ERROR_HANDLE, nul);
  try {
    GetDesktopWindow();
  } finally {
    SetStdHandle(STD_ERROR_HANDLE, saved);
    CloseHandle(nul);
  }
}
