// The shared libraries the Linux engine calls, each opened once per thread, with an error that
// names the Debian package to install when one is missing.
import * as koffi from 'koffi';

const opened = new Map<string, koffi.LibraryHandle>();

export function library(soname: string): koffi.LibraryHandle {
  let handle = opened.get(soname);
  if (!handle) {
    try {
      handle = koffi.load(soname);
    } catch (err) {
      throw new Error(`cannot load ${soname}: ${(err as Error)?.message}. Install the Debian package that provides it (see README).`);
    }
    opened.set(soname, handle);
  }
  return handle;
}
