// Ports on 127.0.0.1 for the test servers, in one place: listening on a port the system picks, and
// a port that nothing listens on (picked, then let go).
import * as net from 'node:net';

/** Listens on 127.0.0.1 on a free port and returns it. */
export async function listenOnFreePort(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A port on 127.0.0.1 that nothing listens on now (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listenOnFreePort(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}
