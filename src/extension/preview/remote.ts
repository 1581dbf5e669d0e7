// Which URLs name the loopback interface, and when a remote workspace's localhost must be forwarded
// to reach a native window on the user's machine. Free of the vscode module.

/** Whether a URL names a port on the loopback interface of the machine the extension host sees. */
export function isLoopbackUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const h = u.hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]' || h === '0.0.0.0';
}

/** With a remote workspace and the extension on the user's machine, the remote's localhost needs
 *  forwarding; anywhere else a loopback URL already names the right machine. */
export function needsForwarding(url: string, remoteName: string | undefined, runsOnUiSide: boolean): boolean {
  return remoteName !== undefined && runsOnUiSide && isLoopbackUrl(url);
}
