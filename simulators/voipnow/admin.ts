import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth';
import { hasBasicAuth, readBody, sendJson } from './http-util';
import { seed, SeedError, type SeedInput } from './seed';
import type { SimStore } from './state';
import { emptyStats, updateSwitches, type Stats, type Switches } from './switches';

/**
 * The simulator's own admin API under /__sim/ (JSON, HTTP basic auth with the admin login):
 *   GET  /__sim/state     accounts (no password hashes), templates, charging plans, switches
 *   GET  /__sim/stats     SOAP calls per operation and injected failures; DELETE resets them
 *   GET  /__sim/switches  current switches; POST/PATCH with some of them changes them
 *   POST /__sim/seed      adds accounts, templates and charging plans (see seed.ts)
 *   POST /__sim/reset     forgets all data, counters, lockouts and sessions
 *   DELETE /__sim/lockouts  lifts login lockouts
 *   GET  /__sim/public-key  the public connection key (PEM) that cryptedAuth logins are encrypted with
 */

export interface AdminDeps {
  store: SimStore;
  auth: Authenticator;
  switches: Switches;
  stats: Stats;
  adminLogin: string;
  adminPassword: string;
  /** Extra state to forget on reset (panel sessions, SSO tokens). */
  onReset: () => void;
  /** The public connection key (PEM) for cryptedAuth. */
  publicKey: () => string;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError('expected a JSON object');
  return value as Record<string, unknown>;
}

export async function handleAdmin(deps: AdminDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (!hasBasicAuth(req, deps.adminLogin, deps.adminPassword)) {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="VoipNow simulator"' }).end();
    return;
  }
  const route = `${req.method ?? 'GET'} ${path}`;
  try {
    switch (route) {
      case 'GET /__sim/state':
        return sendJson(res, 200, {
          switches: deps.switches,
          accounts: deps.store.accounts.map(({ passwordHash: _hidden, ...account }) => account),
          templates: deps.store.templates,
          chargingPlans: deps.store.chargingPlans,
        });
      case 'GET /__sim/stats':
        return sendJson(res, 200, deps.stats);
      case 'DELETE /__sim/stats':
        Object.assign(deps.stats, { ...emptyStats(), active: deps.stats.active }); // calls under way stay counted
        return sendJson(res, 200, deps.stats);
      case 'GET /__sim/switches':
        return sendJson(res, 200, deps.switches);
      case 'POST /__sim/switches':
      case 'PATCH /__sim/switches': {
        const problems = updateSwitches(deps.switches, await jsonBody(req));
        return problems.length > 0 ? sendJson(res, 400, { errors: problems }) : sendJson(res, 200, deps.switches);
      }
      case 'POST /__sim/seed':
        return sendJson(res, 200, seed(deps.store, (await jsonBody(req)) as SeedInput));
      case 'POST /__sim/reset':
        deps.store.reset();
        Object.assign(deps.stats, { ...emptyStats(), active: deps.stats.active }); // calls under way stay counted
        deps.auth.clear();
        deps.onReset();
        return sendJson(res, 200, { reset: true });
      case 'GET /__sim/public-key':
        res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(deps.publicKey());
        return;
      case 'DELETE /__sim/lockouts':
        deps.auth.clear();
        return sendJson(res, 200, { lockouts: 0 });
      default:
        return sendJson(res, 404, { error: `no admin route ${route}` });
    }
  } catch (error) {
    if (error instanceof SeedError || error instanceof SyntaxError) return sendJson(res, 400, { error: error.message });
    throw error;
  }
}
