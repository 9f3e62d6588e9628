/**
 * The worker's memory settings (decision 103). Of the 500 MB of RSS measured late in a
 * 1,936-account bulk run, up to 130 MB was V8 garbage not yet collected, and about 100 MB was freed
 * native memory that glibc kept instead of giving it back to the system:
 *
 * - V8 grows a heap by up to four times what survived the last full collection, with a limit
 *   sized from the machine's memory (4 GB here), so garbage piles up until that limit is near.
 *   A growing factor of 1.2 keeps each heap near what is alive. It is a soft limit: a scan or a
 *   plan of a large estate still gets the memory it needs, and no heap is capped. While discovery
 *   scans an estate (withRoomToGrow), V8 grows heaps as it would by default: a live set growing
 *   by hundreds of MB would otherwise pay a full collection at every 20%.
 * - glibc gives every thread that allocates (V8's compiler and collector threads, the Temporal
 *   core's, libuv's) an arena of its own, and keeps what was freed in each. Two arenas are shared
 *   by all threads instead. glibc reads MALLOC_ARENA_MAX when the process starts, so each way of
 *   starting the worker sets it in the environment (test/unit/worker-memory.test.ts checks them).
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** Each heap may grow to this much more than what survived its last full collection. */
export const HEAP_GROWING_PERCENT = 20;

/** glibc's malloc arenas shared by all the worker's threads. */
export const MALLOC_ARENA_MAX = '2';

let nearLive = false;
/** Estate-wide tasks running now (they may overlap: two servers' scans). */
let roomToGrow = 0;

/**
 * Keeps every V8 heap of this process (the main thread's and the workflow thread's) near what is
 * alive. V8 reads the factor at each full collection, so setting it at start-up is enough.
 */
export function keepHeapsNearLive(): void {
  nearLive = true;
  if (roomToGrow === 0) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * Runs a task that holds a whole estate (discovery's scan) with V8's own growing factor, and keeps
 * heaps near what is alive again once the last such task has ended. Measured over a scan of
 * 96,800 accounts: 8.33 s of the worker's CPU under the 1.2 factor, 3.06 s with room to grow
 * (decision 103). Plans keep the 1.2 factor: a plan of 96,800 accounts peaked at about 1 GB of
 * RSS with it and 1.6 GB without, in 38.6 instead of 28.4 s.
 */
export async function withRoomToGrow<T>(task: () => Promise<T>): Promise<T> {
  // 0: V8 chooses the factor itself (1.1 to 4, from how fast it collects).
  if (roomToGrow++ === 0 && nearLive) v8.setFlagsFromString('--heap-growing-percent=0');
  try {
    return await task();
  } finally {
    if (--roomToGrow === 0 && nearLive) {
      keepHeapsNearLive();
      // The heap's limit was set from the estate-sized heap; without a full collection now it
      // would fill with garbage up to it (about 1 GB after a scan of 29,040 accounts) before the
      // 1.2 factor applied again.
      collectNow();
    }
  }
}

let gc: (() => void) | null | undefined;

/**
 * A full collection of this thread's heap, without starting Node with --expose-gc. Where the
 * runtime does not hand it out, nothing happens: the heap shrinks at its next full collection.
 */
export function collectNow(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const found: unknown = vm.runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } finally {
      // Only this function keeps it: contexts made later (none is expected) do not get a gc global.
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  gc?.();
}
