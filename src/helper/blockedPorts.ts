// Ports browsers refuse to connect to (the Fetch standard's "bad ports"). WebKitGTK loads
// about:blank for them without any load-failed signal, so the helper reports such a navigation
// as failed itself, on both platforms, before the engine is asked.
const BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540,
  548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000,
  6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** The reason a browser will not load this URL because of its port, or null. */
export function blockedPortReason(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const port = parsed.port === '' ? null : Number(parsed.port);
  if (port === null || !BAD_PORTS.has(port)) return null;
  return `port ${port} is blocked by the engine (an unsafe port) (${url})`;
}
