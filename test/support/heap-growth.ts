/**
 * A child process for test/unit/worker-memory.test.ts; prints what it measured as JSON.
 * - `near-live` / `default`: keeps 300,000 small objects alive while it makes 4,000,000 that die
 *   young; the largest heap it had, with the worker's setting (runtime/memory.ts) or without.
 * - `estate` / `estate-with-room`: with the worker's setting, builds a live set of 3,000,000
 *   objects (an estate being read) plainly or inside withRoomToGrow, and counts the full
 *   collections it took; then drops it and makes garbage as in `near-live` (the largest heap then).
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { keepHeapsNearLive, withRoomToGrow } from '../../runtime/memory';

const mode = process.argv[2];
let fullCollections = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullCollections += 1;
});
observer.observe({ entryTypes: ['gc'] });
const tick = () => new Promise((resolve) => setImmediate(resolve));

function churn(): number {
  const live: { name: string; id: number }[] = [];
  for (let i = 0; i < 300_000; i++) live.push({ name: `account-${i}`, id: i });
  let peak = 0;
  for (let round = 0; round < 80; round++) {
    const garbage: { name: string; id: number }[] = [];
    for (let i = 0; i < 50_000; i++) garbage.push({ name: `garbage-${round}-${i}`, id: i });
    peak = Math.max(peak, process.memoryUsage().heapTotal);
  }
  // Reading `live` here keeps it alive through the loop.
  return live.length > 0 ? peak / 1048576 : 0;
}

async function readEstate(): Promise<number> {
  const estate: { name: string; id: number }[] = [];
  for (let i = 0; i < 3_000_000; i++) {
    estate.push({ name: `account-${i}`, id: i });
    if (i % 100_000 === 0) await tick();
  }
  return estate.length;
}

if (mode !== 'default') keepHeapsNearLive();
if (mode === 'near-live' || mode === 'default') {
  process.stdout.write(JSON.stringify({ peakHeapMb: churn() }));
} else {
  await (mode === 'estate-with-room' ? withRoomToGrow(readEstate) : readEstate());
  await tick();
  const duringEstate = fullCollections;
  process.stdout.write(JSON.stringify({ fullCollections: duringEstate, peakHeapMbAfter: churn() }));
}
observer.disconnect();
