// The Windows engine's environments: a WebView2 environment (and so a browser process) per profile
// folder, started through the runtime found at that moment, with the proxy's options. The registry
// (one environment per folder, the proxy rule) is the engine base's; reviving an environment whose
// browser process died is the backend's (it reattaches windows).
import type { PlatformInfo } from '../protocol';
import type { BackendEvents } from '../helper/backend';
import type { EngineEnvironment } from '../helper/engineBase';
import { EngineError } from '../helper/errors';
import { hex, type Com } from './ffi/com';
import { IID, Slot } from './ffi/webview2';
import type { Win32 } from './ffi/win32';
import { explainHresult } from './hresult';
import { findRuntime, RuntimeLoadError, type LoaderOptions, type RuntimeLocation } from './loader';
import { EnvironmentOptionsFactory, proxyArguments } from './proxy';
import type { Win32Waits } from './wait';

export interface Environment extends EngineEnvironment {
  env: bigint;
  /** Its browser process ended: the next use starts a new environment for the folder (backend.ts). */
  dead?: boolean;
  /** Its browser process, as get_BrowserProcessId answered (for the log). */
  browserPid?: number;
}

export class EnvironmentStarter {
  private readonly options = new EnvironmentOptionsFactory();

  constructor(
    private readonly win32: Win32,
    private readonly com: Com,
    private readonly waits: Win32Waits,
    private readonly loader: LoaderOptions,
    private runtime: RuntimeLocation | null,
    /** The engine's description, whose loader and version this updates as runtimes answer. */
    private readonly info: PlatformInfo,
    private readonly events: BackendEvents,
  ) {}

  /** A new WebView2 environment (and so a browser process) for a user data folder. */
  start(folder: string, proxy: string | undefined): bigint {
    // Looked up again for every environment: a runtime installed or updated since start is found
    // without a restart, as Microsoft's loader does.
    const { location: runtime, looked } = findRuntime(this.win32, this.loader);
    if (!runtime) throw new EngineError('createEnvironment', hex(0x80070002), `${explainHresult(0x80070002)} Looked at: ${looked.join('; ')}.`);
    if (runtime.description !== this.runtime?.description) {
      this.events.log('info', `runtime: ${runtime.description}`);
      this.info.loader = runtime.description;
    }
    this.runtime = runtime;
    // Options only when there is something to say: NULL stays the simple, supported path.
    const options = proxy ? this.options.create(proxyArguments(proxy)) : null;
    let env: bigint;
    try {
      env = this.waits.awaitObject('createEnvironment', null, IID.environmentCompleted, 'EnvironmentCompletedHandler', (handler) => {
        let hr: number;
        try {
          hr = runtime.start(folder, handler, options);
        } catch (err) {
          if (err instanceof RuntimeLoadError) throw new EngineError('createEnvironment', hex(err.hr), `${explainHresult(err.hr)} (${err.message})`);
          throw err;
        }
        if (hr < 0) throw new EngineError('createEnvironment', hex(hr), explainHresult(hr));
      });
    } finally {
      this.com.release(options);
    }
    const version = this.com.getString(env, Slot.env.browserVersion, 'get_BrowserVersionString');
    if (version && version !== this.info.engineVersion) {
      this.info.engineVersion = version;
      this.events.log('info', `WebView2 Runtime ${version} answered (${runtime.description})`);
      this.events.platformChanged(this.info);
    }
    return env;
  }
}
