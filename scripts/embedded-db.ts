/**
 * The embedded database for `npm start` when DATABASE_URL is unset: PGlite (PostgreSQL compiled
 * to WebAssembly) kept in DATA_DIR/pgdata and served over the Postgres wire protocol on a local
 * port, so Prisma, its migrations and psql all work unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedDb(dataDir: string, port: number): Promise<EmbeddedDb> {
  const dir = path.join(dataDir, 'pgdata');
  fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  // PGlite is one PostgreSQL session: the socket server queues every connection's messages
  // through it. Clients keep their pools small (see db/client.ts callers).
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 8 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`EMBEDDED_DB_PORT ${port} is in use; set EMBEDDED_DB_PORT to a free port or DATABASE_URL to a PostgreSQL server`);
    }
    throw error;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
