/** What createActivities needs; the worker builds it, tests may build it with other parts. */
import type { Client } from '@temporalio/client';
import type { Connectors } from '../connectors';
import type { SecretBox } from '../crypto/secrets';
import type { Db } from '../db/client';
import type { ServerSettings } from '../db/settings';

export interface ActivityLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface ActivityDeps {
  db: Db;
  box: SecretBox;
  /** Settings and connectors of one Plesk server (cached by the worker, runtime/connectors.ts). */
  server(pleskServer: string): Promise<{ settings: ServerSettings; connectors: Connectors }>;
  /** Crypto randomness; replaceable in unit tests. */
  randomBytes(size: number): Uint8Array;
  logger: ActivityLogger;
  /** A Temporal client on the worker's own connection (the bulk run's fan-out starts workflows eagerly with it). */
  temporal?: () => Client;
  /** Whether the worker has begun to shut down (the fan-out stops following its workflows then, not at the end of the grace time). */
  workerStopping?: () => boolean;
  /**
   * Runs a task that holds a whole estate (discovery's scan) with room for its heap to grow; the
   * worker keeps heaps near what is alive otherwise (runtime/memory.ts, decision 103).
   */
  withRoomToGrow?: <T>(task: () => Promise<T>) => Promise<T>;
}
