// The one mocha setup of the Linux suites: per describe block a cookie server on 127.0.0.1 and a
// real helper (test hooks on); after each test the windows it opened are closed, so every test owns
// its windows; at the end the helper is stopped and the server closed.
import { Requests, type HelperSettings } from '../../src/protocol';
import { startCookieServer, type CookieServer } from './cookieServer';
import { Harness } from './harness';

export interface LinuxSuite {
  server: CookieServer;
  h: Harness;
}

/** Call inside `describe`; the fields are filled by the time the first test runs. */
export function linuxSuite(settings: Partial<HelperSettings> = {}): LinuxSuite {
  const suite = {} as LinuxSuite;
  before(async () => {
    suite.server = await startCookieServer();
    suite.h = new Harness(settings);
    await suite.h.client.start();
  });
  afterEach(async () => {
    if (suite.h?.client.state.kind === 'ready') await suite.h.client.request(Requests.closeAll);
  });
  after(async () => {
    await suite.h?.stop();
    await suite.server?.close();
  });
  return suite;
}
