// The Temporal CLI's dev server: a real Temporal service on loopback.
import { execFile as execFileCallback } from 'node:child_process';
import { promisify } from 'node:util';
import { log, startProcess, tcpOpen, waitFor, type ManagedProcess } from './processes.ts';
import { ensureTemporalCli } from './tools.ts';

const execFile = promisify(execFileCallback);

export interface TemporalServer {
  address: string;
  uiUrl?: string;
  process: ManagedProcess;
}

export async function startTemporalDevServer(options: {
  port: number;
  uiPort?: number;
  /** SQLite file to keep workflow history across restarts; in memory when absent. */
  databaseFile?: string;
  logFile: string;
}): Promise<TemporalServer> {
  const cli = await ensureTemporalCli();
  const address = `127.0.0.1:${options.port}`;
  log(`Starting the Temporal dev server on ${address}`);
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--log-level',
    'warn',
  ];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.databaseFile) args.push('--db-filename', options.databaseFile);
  const temporal = startProcess({ name: 'temporal', command: cli, args, logFile: options.logFile });
  await waitFor('Temporal', tcpOpen(options.port), { timeoutMs: 60_000, process: temporal });
  await waitFor(
    'Temporal (cluster health)',
    async () => {
      await execFile(cli, ['operator', 'cluster', 'health', '--address', address]);
      return true;
    },
    { timeoutMs: 60_000, process: temporal },
  );
  return {
    address,
    ...(options.uiPort ? { uiUrl: `http://localhost:${options.uiPort}` } : {}),
    process: temporal,
  };
}
