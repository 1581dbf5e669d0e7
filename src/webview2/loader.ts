// Finding the WebView2 Runtime and starting an environment, with or without WebView2Loader.dll.
// A loader DLL named in settings does the search itself; otherwise runtimeSearch.ts follows
// Microsoft's documented loader contract, anew for every environment, and the built-in path loads
// EmbeddedBrowserWebView.dll for this process's architecture and calls
// CreateWebViewEnvironmentWithOptionsInternal.
import * as koffi from 'koffi';
import * as path from 'node:path';
import { HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, INVALID_FILE_ATTRIBUTES, RRF_RT_REG_SZ, RRF_SUBKEY_WOW6432KEY, type Win32 } from './ffi/win32';
import { HR_FILE_NOT_FOUND, HR_MOD_NOT_FOUND } from './hresult';
import { searchRuntime, type Hive, type View } from './runtimeSearch';

const RRF_SUBKEY_WOW6464KEY = 0x10000;

export interface RuntimeLocation {
  /** How it was found, for the diagnostics. */
  description: string;
  /** The version the location implies, before an environment says it itself. */
  version: string | null;
  /** `options`: an ICoreWebView2EnvironmentOptions the host implements, or null. */
  start(userDataFolder: string, handler: bigint, options?: bigint | null): number;
}

export interface LoaderOptions {
  loaderPath?: string;
  browserFolder?: string;
}

export function archFolder(arch: string = process.arch): string {
  return arch === 'ia32' ? 'x86' : arch;
}

export interface RuntimeLookup {
  location: RuntimeLocation | null;
  /** Every place looked at, for an error that names them. */
  looked: string[];
}

/** Where the runtime is now; nothing is loaded yet. Looked up again for every environment. */
export function findRuntime(win32: Win32, options: LoaderOptions): RuntimeLookup {
  if (options.loaderPath) return { location: viaLoaderDll(options.loaderPath, options.browserFolder), looked: [] };
  const search = searchRuntime({
    readString: (hive, key, value, view) => readRegistryString(win32, hive, key, value, view),
    fileExists: (file) => win32.GetFileAttributesW(file) !== INVALID_FILE_ATTRIBUTES,
    env: process.env,
    exeName: path.win32.basename(process.execPath),
    arch: archFolder(),
  }, options.browserFolder);
  const found = search.found;
  if (!found) return { location: null, looked: search.looked };
  const userData = search.userDataFolder;
  const description = userData ? `${found.description}; user data folder ${userData} (${search.userDataSource})` : found.description;
  return { location: viaRuntimeDll(found.dll, found.runtimeType, description, found.version, userData), looked: search.looked };
}

/** Where the runtime is, or null when there is none. */
export function locateRuntime(win32: Win32, options: LoaderOptions): RuntimeLocation | null {
  return findRuntime(win32, options).location;
}

function viaRuntimeDll(dll: string, runtimeType: 0 | 1, description: string, version: string | null, userDataOverride?: string): RuntimeLocation {
  return {
    description: `${description}, built-in loader`,
    version,
    start(userDataFolder, handler, options) {
      const lib = loadOrFail(dll);
      const create = lib.func('int __stdcall CreateWebViewEnvironmentWithOptionsInternal(int checkRunningInstance, int runtimeType, const char16_t *userDataFolder, void *options, void *handler)');
      // The first parameter is a one-byte C++ bool in the runtime: only its low byte counts.
      return create(1, runtimeType, userDataOverride ?? userDataFolder, options ?? null, handler) as number;
    },
  };
}

function viaLoaderDll(loaderPath: string, browserFolder: string | undefined): RuntimeLocation {
  return {
    description: `WebView2Loader.dll at ${loaderPath}${browserFolder ? ` with browser folder ${browserFolder}` : ''}`,
    version: null,
    start(userDataFolder, handler, options) {
      const lib = loadOrFail(loaderPath);
      const create = lib.func('int __stdcall CreateCoreWebView2EnvironmentWithOptions(const char16_t *browserFolder, const char16_t *userDataFolder, void *options, void *handler)');
      return create(browserFolder ?? null, userDataFolder, options ?? null, handler) as number;
    },
  };
}

/** Loading failure as the HRESULT the official loader would give. */
export class RuntimeLoadError extends Error {
  constructor(readonly hr: number, readonly dll: string, cause: string) {
    super(`cannot load ${dll}: ${cause}`);
  }
}

function loadOrFail(dll: string): koffi.LibraryHandle {
  try {
    return koffi.load(dll);
  } catch (err) {
    const message = (err as Error).message;
    throw new RuntimeLoadError(/not found|126|error 2\b/i.test(message) ? HR_FILE_NOT_FOUND : HR_MOD_NOT_FOUND, dll, message);
  }
}

function readRegistryString(win32: Win32, hive: Hive, subKey: string, value: string, view: View): string | null {
  const size = [2048];
  const data = Buffer.alloc(size[0]);
  const type = [0];
  const flags = RRF_RT_REG_SZ | (view === '32' ? RRF_SUBKEY_WOW6432KEY : view === '64' ? RRF_SUBKEY_WOW6464KEY : 0);
  const status = win32.RegGetValueW(hive === 'HKLM' ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER, subKey, value, flags, type, data, size);
  if (status !== 0) return null;
  return data.toString('utf16le', 0, Math.max(0, size[0] - 2)).replace(/\0+$/, '') || null;
}
