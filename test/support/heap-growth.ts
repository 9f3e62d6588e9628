/**
 * A child process for test/unit/worker-memory.test.ts: keeps 300,000 small objects alive while it
 * makes 4,000,000 that die young, and prints the largest heap it had. With `near-live` it first
 * applies the worker's memory settings (worker/memory.ts).
 */
import { keepHeapsNearLive } from '../../worker/memory';

if (process.argv[2] === 'near-live') keepHeapsNearLive();
const live: { name: string; id: number }[] = [];
for (let i = 0; i < 300_000; i++) live.push({ name: `account-${i}`, id: i });
let peak = 0;
for (let round = 0; round < 80; round++) {
  const garbage: { name: string; id: number }[] = [];
  for (let i = 0; i < 50_000; i++) garbage.push({ name: `garbage-${round}-${i}`, id: i });
  peak = Math.max(peak, process.memoryUsage().heapTotal);
}
process.stdout.write(JSON.stringify({ peakHeapMb: peak / 1048576, live: live.length }));
