// What `screenshot` and `pdf` share: load one page (a URL, or a local file through the confined
// server) in a window of the asked size or device (its user agent, pixel ratio and touch set
// before the page loads, where the engine emulates them), wait for what an app that draws after
// its load event needs (--wait-for a selector or ms, --wait-ms), then take what the command takes
// of the window. A page that does not load exits 1 with the reason.
import type { HelperClient } from '../client/helperClient';
import { DEVICE_PRESETS, emulationNote, emulationOf, findPreset } from '../devices';
import { Requests } from '../protocol';
import { createClient, environmentFrom, numberFlag, openAndLoad, say, settingsFrom, UsageError, type CommonFlags } from './session';
import { CliTargets } from './target';
import { parseWaitFor, waitForPage } from './waitFor';

export type CaptureFlags = CommonFlags & { width?: string; height?: string; device?: string; root?: string; 'wait-ms'?: string; 'wait-for'?: string };

export interface Capture {
  /** What the command makes, as the "no …" of a page that did not load says it. */
  noun: string;
  /** Takes it of the loaded window; returns the line for the log and the line for stdout. */
  take(client: HelperClient, windowId: number): Promise<{ said: string; printed: string }>;
}

export async function loadAndCapture(page: string, flags: CaptureFlags, capture: Capture): Promise<number> {
  const files = new CliTargets(flags.root);
  const target = files.check(page);
  const preset = flags.device === undefined ? undefined : findPreset(flags.device);
  if (flags.device !== undefined && !preset) throw new UsageError(`--device takes ${DEVICE_PRESETS.map((p) => p.id).join(', ')}, not "${flags.device}"`);
  if (preset && (flags.width !== undefined || flags.height !== undefined)) throw new UsageError('--device sets the size: give --device or --width/--height, not both');
  const width = preset?.width ?? numberFlag('width', flags.width, 1024);
  const height = preset?.height ?? numberFlag('height', flags.height, 768);
  const device = preset ? emulationOf(preset) : null;
  const settle = numberFlag('wait-ms', flags['wait-ms'], 0);
  const waitFor = parseWaitFor(flags['wait-for']);
  const settings = settingsFrom(flags);
  const environment = environmentFrom(flags);
  const client = createClient(flags, true);
  try {
    const url = await files.urlOf(target);
    const info = await client.start();
    const env = await client.request(Requests.createEnvironment, environment);
    // A device is set before the page loads: its first request already carries the user agent.
    const beforeLoad = device ? async (windowId: number) => {
      const result = await client.request(Requests.setDevice, { windowId, device });
      say(`window ${windowId} is a ${device.name}: ${emulationNote(device, result, info.engine)}`);
    } : undefined;
    const { window, navigation } = await openAndLoad(client, { environmentId: env.environmentId, url, width, height }, settings.waitDeadlineMs, beforeLoad);
    if (!navigation.isSuccess) {
      process.stderr.write(`${files.display(`no ${capture.noun}: ${url} did not load: ${navigation.error}`)}\n`);
      return 1;
    }
    if (waitFor) {
      const missed = await waitForPage(client, window.windowId, waitFor, settings.waitDeadlineMs);
      if (missed) {
        process.stderr.write(`${files.display(`no ${capture.noun}: ${missed}`)}\n`);
        return 1;
      }
    }
    if (settle > 0) await new Promise((r) => setTimeout(r, settle));
    const { said, printed } = await capture.take(client, window.windowId);
    say(said);
    process.stdout.write(`${printed}\n`);
    return 0;
  } finally {
    await client.stop();
    files.dispose();
  }
}
