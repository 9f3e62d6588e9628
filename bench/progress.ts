/** One progress bar per phase of the benchmark (cli-progress), on stderr so stdout stays the report. */
import cliProgress from 'cli-progress';

export interface Bar {
  update(value: number, payload: { total?: number; detail?: string }): void;
  stop(): void;
}

export function phaseBar(phase: string, total: number): Bar {
  const bar = new cliProgress.SingleBar(
    {
      format: `${phase.padEnd(28)} [{bar}] {value}/{total} {detail}`,
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
      fps: 4,
      // Into a file or a CI log: a line every 10 s instead of nothing.
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0, { detail: '' });
  return {
    update(value, payload) {
      if (payload.total !== undefined && payload.total > 0) bar.setTotal(payload.total);
      bar.update(value, { detail: payload.detail ?? '' });
    },
    stop: () => bar.stop(),
  };
}

/** A phase without a count: a bar that fills when it is done. */
export async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const bar = phaseBar(name, 1);
  try {
    const result = await work();
    bar.update(1, { detail: 'done' });
    return result;
  } finally {
    bar.stop();
  }
}
