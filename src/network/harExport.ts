// Writing a HAR file of one or more windows, for the CLI and (later) the extension: the entries
// come from the helper (getNetworkLog, with bodies, with values only when the user confirmed
// them), the file is written readable by its owner only (0600), never through a link
// (cookies/exportFile.ts), since it may hold session secrets and response bodies.
import { writePrivateFile } from '../cookies/exportFile';
import { harText, type HarWindow } from './har';
import type { GetNetworkLogParams, NetworkLog } from './protocol';

export interface HarExportOptions {
  path: string;
  /** Cookie, Set-Cookie and Authorization values as they are; masked unless true. */
  includeValues: boolean;
  creator?: { name: string; version: string };
}

/** Writes the HAR of windows already fetched; returns the file's absolute path. */
export function writeHar(windows: HarWindow[], options: HarExportOptions): string {
  return writePrivateFile(options.path, harText(windows, { includeValues: options.includeValues, creator: options.creator }));
}

/**
 * Asks the helper for each window's log and writes one HAR of them all. `getLog` is the client's
 * request (e.g. `(p) => client.request(Requests.getNetworkLog, p)`).
 */
export async function exportHar(
  getLog: (p: GetNetworkLogParams) => Promise<NetworkLog>, windowIds: number[], options: HarExportOptions,
): Promise<{ path: string; entries: number }> {
  const windows: HarWindow[] = [];
  for (const windowId of windowIds) {
    const log = await getLog({ windowId, bodies: true, includeValues: options.includeValues });
    windows.push({ windowId, entries: log.entries });
  }
  return { path: writeHar(windows, options), entries: windows.reduce((n, w) => n + w.entries.length, 0) };
}
