import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// Prisma 6.19 with the JavaScript schema engine and the pg driver adapter: nothing is downloaded
// (see docs/decisions/002-prisma-offline.md). DATABASE_URL is set by scripts/ before any
// `prisma migrate` runs. `prisma generate` needs no database, but the CLI reads the schema's
// env("DATABASE_URL") and, when that fails, falls back to downloading a query engine; a
// placeholder keeps it on the offline path.
process.env.DATABASE_URL ??= 'postgresql://localhost/placeholder';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
