// Where the WebView2 Runtime is, by the contract Microsoft documents for its loader
// (CreateCoreWebView2EnvironmentWithOptions; "Test upcoming APIs and features"; the WebView2
// loader override policies), where the documents are vague as Microsoft's WebView2Loader.dll
// (SDK 1.0.3415) was seen to answer under Wine, without WebView2Loader.dll:
//   - the browser executable folder: WEBVIEW2_BROWSER_EXECUTABLE_FOLDER, else the policy
//     BrowserExecutableFolder, else the folder the host asks for (the browserFolder setting): a
//     fixed-version runtime;
//   - else the installed channels, Stable, Beta, Dev, Canary (each an EdgeUpdate ClientState key
//     whose value EBWebView is the runtime's folder), each per machine (HKLM) before per user
//     (HKCU), in the 32-bit view (WOW6432Node) only, where EdgeUpdate writes: Microsoft's loader
//     took HKLM's entry over HKCU's for one channel and never read HKLM's 64-bit view; a channel
//     comes before a hive (Stable per user before Beta per machine); an entry without the DLL is
//     passed over; the first found wins.
//     WEBVIEW2_RELEASE_CHANNELS (or the policy ReleaseChannels: "0,1,2,3" for Stable, Beta, Dev,
//     Canary; names are not understood, and a list without a known number limits nothing) limits
//     the channels; WEBVIEW2_RELEASE_CHANNEL_PREFERENCE=1 or
//     WEBVIEW2_CHANNEL_SEARCH_KIND=1 (or the policies ReleaseChannelPreference, ChannelSearchKind)
//     searches from the least stable;
//   - the user data folder: WEBVIEW2_USER_DATA_FOLDER, else the policy UserDataFolder, else the
//     host's.
// Policies live under Software\Policies\Microsoft\Edge\WebView2\<name> in HKLM, then HKCU, as a
// value named after the executable (e.g. Code.exe) or "*" for every application. Every place
// looked at is kept, so that a failure can name them all. Nothing here is cached: each environment
// looks again, so a runtime installed or updated meanwhile is found.
import * as path from 'node:path';

export const CHANNELS = [
  { name: 'Stable', guid: '{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}' },
  { name: 'Beta', guid: '{2CD8A007-E189-409D-A2C8-9AF4EF3C72AA}' },
  { name: 'Dev', guid: '{0D50BFEC-CD6A-4F9A-964C-C7416E3ACB10}' },
  { name: 'Canary', guid: '{65C35B14-6C1D-4122-AC46-7148CC9D6497}' },
] as const;

const POLICIES = 'Software\\Policies\\Microsoft\\Edge\\WebView2';

export type Hive = 'HKCU' | 'HKLM';
export type View = '32' | '64' | 'default';

/** What the search reads: the registry, whether a file exists, the environment. */
export interface SearchInputs {
  readString(hive: Hive, key: string, value: string, view: View): string | null;
  fileExists(file: string): boolean;
  env: NodeJS.ProcessEnv;
  /** The executable's file name, the policies' value name (besides "*"). */
  exeName: string;
  /** The runtime's architecture folder: x64, x86 or arm64. */
  arch: string;
}

export type RuntimeFound = {
  /** The folder holding EBWebView\<arch>\EmbeddedBrowserWebView.dll. */
  folder: string;
  dll: string;
  /** 1: a fixed-version runtime (the browser executable folder); 0: an installed channel. */
  runtimeType: 0 | 1;
  /** How it was found, for the diagnostics. */
  description: string;
  /** The version its folder names, if it does. */
  version: string | null;
};

export interface RuntimeSearch {
  found: RuntimeFound | null;
  /** Every place looked at, in order, with what was there. */
  looked: string[];
  /** The user data folder to pass to the runtime. */
  userDataFolder?: string;
  userDataSource?: string;
}

export function runtimeDll(folder: string, arch: string): string {
  return path.win32.join(folder, 'EBWebView', arch, 'EmbeddedBrowserWebView.dll');
}

/** A policy for this executable: its own value first, then "*"; HKLM (machine) before HKCU. */
function policy(inputs: SearchInputs, name: string, looked: string[]): { value: string; where: string } | null {
  for (const hive of ['HKLM', 'HKCU'] as const) {
    for (const valueName of [inputs.exeName, '*']) {
      const value = inputs.readString(hive, `${POLICIES}\\${name}`, valueName, 'default');
      if (value) return { value, where: `policy ${hive}\\${POLICIES}\\${name} [${valueName}]` };
    }
  }
  looked.push(`policy ${name} (HKLM, HKCU): not set`);
  return null;
}

/** A variable or, failing it, a policy. */
function override(inputs: SearchInputs, variable: string, policyName: string, looked: string[]): { value: string; where: string } | null {
  const fromEnv = inputs.env[variable];
  if (fromEnv) return { value: fromEnv, where: variable };
  looked.push(`${variable}: not set`);
  return policy(inputs, policyName, looked);
}

/** The channels to search, in order. */
export function channelOrder(inputs: SearchInputs, looked: string[] = []): typeof CHANNELS[number][] {
  let channels: typeof CHANNELS[number][] = [...CHANNELS];
  const listed = override(inputs, 'WEBVIEW2_RELEASE_CHANNELS', 'ReleaseChannels', looked);
  if (listed) {
    const wanted = new Set(listed.value.split(',').map((s) => s.trim()).filter((s) => /^[0-3]$/.test(s)).map((s) => CHANNELS[Number(s)].name));
    if (wanted.size > 0) channels = channels.filter((c) => wanted.has(c.name));
    looked.push(`${listed.where} = ${listed.value}: ${wanted.size > 0 ? channels.map((c) => c.name).join(', ') : 'no channel number in it, every channel'}`);
  }
  const reversed = [override(inputs, 'WEBVIEW2_RELEASE_CHANNEL_PREFERENCE', 'ReleaseChannelPreference', looked),
    override(inputs, 'WEBVIEW2_CHANNEL_SEARCH_KIND', 'ChannelSearchKind', looked)].find((o) => o?.value.trim() === '1');
  if (reversed) {
    looked.push(`${reversed.where} = 1: least stable channel first`);
    channels.reverse();
  }
  return channels;
}

/** The runtime for one environment, and the user data folder to give it. */
export function searchRuntime(inputs: SearchInputs, browserFolder?: string): RuntimeSearch {
  const looked: string[] = [];
  const result: RuntimeSearch = { found: null, looked };
  const userData = override(inputs, 'WEBVIEW2_USER_DATA_FOLDER', 'UserDataFolder', []);
  if (userData) { result.userDataFolder = userData.value; result.userDataSource = userData.where; }

  const fixed = override(inputs, 'WEBVIEW2_BROWSER_EXECUTABLE_FOLDER', 'BrowserExecutableFolder', looked)
    ?? (browserFolder ? { value: browserFolder, where: 'browser folder setting' } : null);
  if (fixed) {
    const dll = runtimeDll(fixed.value, inputs.arch);
    if (!inputs.fileExists(dll)) {
      looked.push(`${fixed.where}: ${fixed.value} has no ${dll}${missingArch(inputs, fixed.value)}`);
      return result;
    }
    result.found = { folder: fixed.value, dll, runtimeType: 1, description: `fixed-version runtime at ${fixed.value} (${fixed.where})`, version: null };
    return result;
  }
  looked.push('browser folder setting: not set');

  for (const channel of channelOrder(inputs, looked)) {
    const key = `SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState\\${channel.guid}`;
    for (const [hive, view] of [['HKLM', '32'], ['HKCU', '32']] as const) {
      const where = `${channel.name}: ${hive}\\${key} (${view}-bit view)`;
      const folder = inputs.readString(hive, key, 'EBWebView', view);
      if (!folder) { looked.push(`${where}: no EBWebView value`); continue; }
      const dll = runtimeDll(folder, inputs.arch);
      if (!inputs.fileExists(dll)) { looked.push(`${where}: ${folder} has no ${dll}${missingArch(inputs, folder)}`); continue; }
      result.found = {
        folder, dll, runtimeType: 0, version: path.win32.basename(folder),
        description: `Evergreen runtime at ${folder} (registry, ${hive}), ${channel.name} channel, ${view}-bit view`,
      };
      return result;
    }
  }
  return result;
}

/** A runtime whose folder is there but not for this architecture is said as such. */
function missingArch(inputs: SearchInputs, folder: string): string {
  const other = ['x64', 'x86', 'arm64'].filter((a) => a !== inputs.arch && inputs.fileExists(runtimeDll(folder, a)));
  return other.length ? ` (it has ${other.join(', ')} only: no runtime for this process's architecture, ${inputs.arch})` : '';
}
