// The limits of what the helper accepts, named once: the protocol's checks (protocolSchema.ts),
// the extension's settings and the CLI's flags use the same numbers. A file of its own so that the
// extension takes these numbers without the checks.
export const Limits = {
  /** Window and environment ids are positive 32-bit integers (the wait ledger stores them so). */
  maxId: 0x7fffffff,
  /** A URL of at most 2 MiB: what browsers accept, far below what the display server takes. */
  urlBytes: 2 * 1024 * 1024,
  /** A window title of a few KB: an X property request larger than 16 MiB ends the process. */
  titleBytes: 4096,
  pathBytes: 4096,
  /** Window size and position in pixels, within what X11 and Win32 coordinates hold. */
  minSize: 1,
  maxSize: 16384,
  /** setBounds: what a window can usefully shrink to. */
  minBoundsSize: 100,
  maxPosition: 32767,
  minZoom: 0.25,
  maxZoom: 5,
  stallThresholdMs: { min: 100, max: 3_600_000 },
  waitDeadlineMs: { min: 500, max: 3_600_000 },
  waitForServerMs: { min: 0, max: 600_000 },
  hostBytes: 253,
  maxHosts: 1000,
  proxyBytes: 2048,
  cookieFieldBytes: 4096,
  /** Popups a window may have open at once: a page calling window.open in a loop gets no more. */
  maxOpenPopups: 20,
  /** The size a popup may ask for (window features width and height), in pixels. */
  popupSize: { min: 100, max: 4096 },
  /** A device's user agent: printable ASCII (it is an HTTP header), at most 1 KB. */
  userAgentBytes: 1024,
  maxPixelRatio: 8,
} as const;
