// Finding the WebView2 Runtime and starting an environment, with or without WebView2Loader.dll.
// Order: a loader DLL named in settings; else a fixed-version runtime folder (setting, then
// WEBVIEW2_BROWSER_EXECUTABLE_FOLDER); else the Evergreen runtime's registry value EBWebView
// (HKLM then HKCU, 32-bit view). The built-in paths load EmbeddedBrowserWebView.dll for this
// process's architecture and call CreateWebViewEnvironmentWithOptionsInternal.
import * as koffi from 'koffi';
import * as path from 'node:path';
import {
  HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, INVALID_FILE_ATTRIBUTES, RRF_RT_REG_SZ, RRF_SUBKEY_WOW6432KEY, type Win32,
} from './win32';
import { HR_FILE_NOT_FOUND, HR_MOD_NOT_FOUND } from './hresult';

const CLIENT_STATE = 'SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState\\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}';

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

/** Where the runtime is, or null when there is none; nothing is loaded yet. */
export function locateRuntime(win32: Win32, options: LoaderOptions): RuntimeLocation | null {
  if (options.loaderPath) return viaLoaderDll(options.loaderPath, options.browserFolder);
  const folder = options.browserFolder || process.env.WEBVIEW2_BROWSER_EXECUTABLE_FOLDER;
  if (folder) {
    const source = options.browserFolder ? 'browser folder setting' : 'WEBVIEW2_BROWSER_EXECUTABLE_FOLDER';
    return viaRuntimeDll(runtimeDll(folder), 1, `fixed-version runtime at ${folder} (${source})`, null);
  }
  for (const [hive, name] of [[HKEY_LOCAL_MACHINE, 'HKLM'], [HKEY_CURRENT_USER, 'HKCU']] as const) {
    const root = readRegistryString(win32, hive, CLIENT_STATE, 'EBWebView');
    if (!root) continue;
    const dll = runtimeDll(root);
    if (win32.GetFileAttributesW(dll) === INVALID_FILE_ATTRIBUTES) continue;
    return viaRuntimeDll(dll, 0, `Evergreen runtime at ${root} (registry, ${name})`, path.win32.basename(root));
  }
  return null;
}

function runtimeDll(folder: string): string {
  return path.win32.join(folder, 'EBWebView', archFolder(), 'EmbeddedBrowserWebView.dll');
}

function viaRuntimeDll(dll: string, runtimeType: 0 | 1, description: string, version: string | null): RuntimeLocation {
  return {
    description: `${description}, built-in loader`,
    version,
    start(userDataFolder, handler, options) {
      const lib = loadOrFail(dll);
      const create = lib.func('int __stdcall CreateWebViewEnvironmentWithOptionsInternal(int checkRunningInstance, int runtimeType, const char16_t *userDataFolder, void *options, void *handler)');
      // The first parameter is a one-byte C++ bool in the runtime: only its low byte counts.
      return create(1, runtimeType, userDataFolder, options ?? null, handler) as number;
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

function readRegistryString(win32: Win32, hive: bigint, subKey: string, value: string): string | null {
  const size = [2048];
  const data = Buffer.alloc(size[0]);
  const type = [0];
  const status = win32.RegGetValueW(hive, subKey, value, RRF_RT_REG_SZ | RRF_SUBKEY_WOW6432KEY, type, data, size);
  if (status !== 0) return null;
  return data.toString('utf16le', 0, Math.max(0, size[0] - 2)).replace(/\0+$/, '') || null;
}
