/**
 * pvsync: the admins' command line over the HTTP API (`npm run cli -- <command>`, or `pvsync`).
 * The API's base URL comes from --api or PVSYNC_API, the token from --token, PVSYNC_TOKEN or
 * DATA_DIR/admin.token. Output speaks the product's words; a failure prints the API's message,
 * never a stack trace. Exit codes: 0 done, 1 failed, 2 a bulk run finished with failed accounts,
 * 3 still running when the CLI stopped waiting.
 */
import { Command, CommanderError, Option } from 'commander';
import { ApiClient, CliError, resolveConnection } from './api-client';
import { link, move, unlink } from './commands/links';
import { dryRun } from './commands/plan';
import { showLog } from './commands/log';
import { replicateBulk, replicateOne } from './commands/replicate';
import { addServer, listServers, removeServer } from './commands/servers';
import { status } from './commands/status';
import { keyToString } from '../domain';
import { accountArgument, chooseServer } from './words';

const print = (line: string) => process.stdout.write(`${line}\n`);

export function buildProgram(run: (code: number) => void): Command {
  const program = new Command('pvsync')
    .description('Plesk → VoipNow sync: replicate, link, unlink and move accounts, and read the log')
    .option('--api <url>', 'base URL of the API (default PVSYNC_API or http://localhost:3000)')
    .option('--token <token>', 'bearer token (default PVSYNC_TOKEN or DATA_DIR/admin.token)')
    .showHelpAfterError('(pvsync --help lists the commands)')
    .exitOverride();
  const client = () => new ApiClient(resolveConnection(program.opts<{ api?: string; token?: string }>()));

  program
    .command('status')
    .description('whether the API is up, and how far replication is on each Plesk server')
    .action(async () => run(await status(client(), print)));

  program
    .command('replicate')
    .description('replicate one account, a subtree or the whole estate to new VoipNow accounts')
    .argument('[account]', 'account key, e.g. plesk1/client/7')
    .option('--subtree <account>', 'the account and everything below it, in bulk')
    .option('--all', 'every account of the Plesk server, in bulk (admins)')
    .option('--server <name>', 'the Plesk server for --all (default PVSYNC_SERVER, or the only one)')
    .option('--template <name or ID>', 'the VoipNow template to use (one account)')
    .option('--yes', 'replicate with no permissions or limits when VoipNow has no templates')
    .addOption(new Option('--parallelism <n>', 'accounts at once in bulk (default 50)').argParser((v) => Number.parseInt(v, 10)))
    .option('--dry-run', 'plan the bulk run only: totals and the first accounts, nothing written to VoipNow')
    .action(
      async (
        account: string | undefined,
        options: {
          subtree?: string;
          all?: boolean;
          server?: string;
          template?: string;
          yes?: boolean;
          parallelism?: number;
          dryRun?: boolean;
        },
      ) => {
        const chosen = [account, options.subtree, options.all].filter(Boolean).length;
        if (chosen !== 1) throw new CliError('Name one account, or --subtree <account>, or --all');
        if (account && options.dryRun) throw new CliError('--dry-run plans a bulk run: use it with --subtree <account> or --all');
        if (account) return run(await replicateOne(client(), accountArgument(account), options, print));
        const scope = options.subtree
          ? { root: accountArgument(options.subtree) }
          : { all: true as const, ...(options.server ? { server: options.server } : {}) };
        if (options.dryRun) {
          const body = options.subtree
            ? { scope: 'subtree', root: keyToString(accountArgument(options.subtree)) }
            : { scope: 'all', pleskServer: await chooseServer(client(), options.server) };
          return run(await dryRun(client(), body, {}, print));
        }
        run(await replicateBulk(client(), scope, { ...(options.parallelism ? { parallelism: options.parallelism } : {}) }, print));
      },
    );

  program
    .command('link')
    .description('link an account to an existing VoipNow account (admins)')
    .argument('<account>', 'account key, e.g. plesk1/client/7')
    .argument('<voipnowId>', 'ID of the VoipNow account')
    .action(async (account: string, voipnowId: string) => {
      if (!/^\d+$/.test(voipnowId)) throw new CliError(`"${voipnowId}" is not a VoipNow account ID`);
      run(await link(client(), accountArgument(account), Number(voipnowId), print));
    });

  program
    .command('unlink')
    .description('unlink an account, or it and everything below it (admins); the VoipNow accounts stay')
    .argument('<account>', 'account key')
    .option('--recursive', 'also every account below it')
    .action(async (account: string, options: { recursive?: boolean }) =>
      run(await unlink(client(), accountArgument(account), options.recursive ?? false, print)),
    );

  program
    .command('move')
    .description('move an account in VoipNow to where its Plesk owner now is (admins)')
    .argument('<account>', 'account key')
    .option('--dry-run', 'plan the move only: what it would do, nothing written to VoipNow')
    .action(async (account: string, options: { dryRun?: boolean }) =>
      run(
        options.dryRun
          ? await dryRun(client(), { move: keyToString(accountArgument(account)) }, {}, print)
          : await move(client(), accountArgument(account), print),
      ),
    );

  const servers = program.command('servers').description('the Plesk servers feeding VoipNow (admins): list, add, remove');
  servers
    .command('list', { isDefault: true })
    .description('every Plesk server, removed ones included')
    .action(async () => run(await listServers(client(), print)));
  servers
    .command('add')
    .description('register a Plesk server; its discovery starts now (the password or key comes from PVSYNC_PLESK_SECRET)')
    .argument('<name>', 'our short name for it, e.g. plesk2')
    .requiredOption('--url <url>', 'the Plesk server, e.g. https://plesk2.example.com:8443')
    .option('--login <login>', 'Plesk admin login (default admin)')
    .option('--key', 'PVSYNC_PLESK_SECRET is a Plesk secret key, not a password')
    .option('--tag <tag>', 'SOAP tag for its VoipNow objects (default its name)')
    .option('--login-suffix <suffix>', 'appended to its VoipNow logins, when its logins may repeat another server’s')
    .action(async (name: string, options: { url: string; login?: string; key?: boolean; tag?: string; loginSuffix?: string }) =>
      run(await addServer(client(), name, options, process.env.PVSYNC_PLESK_SECRET, print)),
    );
  servers
    .command('remove')
    .description('stop serving a Plesk server: its discovery stops, its links and history stay')
    .argument('<name>', 'the server')
    .action(async (name: string) => run(await removeServer(client(), name, print)));

  program
    .command('log')
    .description('the replication log, newest last')
    .option('--follow', 'keep printing new entries (Ctrl-C stops)')
    .option('--account <account>', 'only this account')
    .option('--level <level>', 'info, warning or error: this level and more severe')
    .option('--server <name>', 'only this Plesk server')
    .addOption(new Option('--limit <n>', 'entries to show first (default 50)').argParser((v) => Number.parseInt(v, 10)))
    .action(async (options: { follow?: boolean; account?: string; level?: string; server?: string; limit?: number }) => {
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      run(await showLog(client(), { ...options, signal: stop.signal }, print));
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander printed the usage already
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    // Not ours to explain: a short line, never a stack trace.
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

// Run when executed (npm run cli, cli/bin.js), not when imported by a test.
if (process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1])) {
  void main(process.argv).then((code) => process.exit(code));
}
