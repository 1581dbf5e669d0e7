// Where window ids come from. The helper's main thread gives ids to the windows it is asked to open,
// and its UI thread to the popups a page opens (an engine callback that cannot wait for the main
// thread): both take them from one counter in shared memory, so no id is handed out twice.
// Elsewhere (a client's mirror of the table) the counter is simply private.

export class WindowIds {
  /** The highest id handed out or reserved so far (0: none). */
  private readonly highest: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.highest = new Int32Array(buffer, 0, 1);
  }

  /** The next free id. */
  next(): number {
    return Atomics.add(this.highest, 0, 1) + 1;
  }

  /** No id up to `id` is handed out from now on (one reserved by its number, or a start after a predecessor's ids). */
  claim(id: number): void {
    for (let seen = Atomics.load(this.highest, 0); seen < id;) {
      const was = Atomics.compareExchange(this.highest, 0, seen, id);
      if (was === seen) return;
      seen = was;
    }
  }
}
