import { Context } from '@temporalio/activity';

/**
 * Runs `work` while heartbeating once a second after the first second, so Temporal notices a
 * dead worker within the activity's heartbeat timeout instead of waiting for the whole
 * start-to-close timeout. Quick calls finish before the first heartbeat and cost nothing.
 */
export async function withHeartbeat<T>(work: () => Promise<T>, details?: unknown): Promise<T> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return work(); // not inside an activity (unit tests, the benchmark's baseline)
  }
  const timer = setInterval(() => context.heartbeat(details), 1000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
