import { resolve } from 'node:path';
import { startVoipnowSimulator } from './index';

/**
 * `npm run sim:voipnow`: the VoipNow simulator as a process, configured from the environment.
 *   VOIPNOW_SIM_PORT (8444), DATA_DIR (./.data), VOIPNOW_LOGIN / VOIPNOW_PASSWORD (admin /
 *   VoipNow-Sim-2026), VOIPNOW_APP_KEY / VOIPNOW_APP_SECRET (key authentication, off when unset),
 *   VOIPNOW_SIM_HOST (127.0.0.1).
 */

const env = process.env;
const port = Number(env.VOIPNOW_SIM_PORT ?? 8444);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`VOIPNOW_SIM_PORT must be a port number, got "${env.VOIPNOW_SIM_PORT}"`);
  process.exit(2);
}

const simulator = await startVoipnowSimulator({
  port,
  host: env.VOIPNOW_SIM_HOST ?? '127.0.0.1',
  dataDir: resolve(env.DATA_DIR ?? './.data'),
  adminLogin: env.VOIPNOW_LOGIN ?? 'admin',
  adminPassword: env.VOIPNOW_PASSWORD ?? 'VoipNow-Sim-2026',
  appKey: env.VOIPNOW_APP_KEY || undefined,
  appSecret: env.VOIPNOW_APP_SECRET || undefined,
});

// Signal handlers first: whoever waits for the 'listening' line may signal us at once.
let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the VoipNow simulator`);
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

console.log(`VoipNow simulator listening on ${simulator.url}`);
console.log(`  SOAP:  ${simulator.url}/soap2/{reseller,client,extension,pbx}_agent.php`);
console.log(`  WSDL:  ${simulator.url}/soap2/schema/2.5.1/voipnowservice.wsdl`);
console.log(`  admin: ${simulator.url}/__sim/state (HTTP basic auth with the admin login)`);
console.log(`  panel: ${simulator.url}/login.php`);
console.log(`  key:   ${simulator.url}/__sim/public-key (public connection key for cryptedAuth)`);
