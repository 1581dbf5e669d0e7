// Ending the helper process at once. process.exit() waits for the UI thread to stop, and that
// thread sleeps in native code (GetMessageW, g_main_context_iteration) where it cannot be
// stopped, so Node would wait for ever; letting the thread return instead tears its isolate down
// under the engine. The OS is asked to end the process; windows are closed before this is called.
import * as koffi from 'koffi';

export function hardExit(code: number): never {
  if (process.platform === 'win32') {
    const kernel32 = koffi.load('kernel32.dll');
    const GetCurrentProcess = kernel32.func('void * __stdcall GetCurrentProcess()');
    const TerminateProcess = kernel32.func('int __stdcall TerminateProcess(void *process, uint code)');
    TerminateProcess(GetCurrentProcess(), code);
  } else {
    const libc = koffi.load('libc.so.6');
    libc.func('void _exit(int status)')(code);
  }
  process.exit(code); // not reached
}
