// A time-skipping test environment on Temporal's Java test server, started by the test itself.
//
// Why not `TestWorkflowEnvironment.createTimeSkipping({ server: { executable } })`: the SDK's core waits a
// fixed 5 s for the server's port, and on the shared 2-core development machine under load the JVM
// needs longer ("ephemeral server … did not start within 5s"). Here the server is spawned with the same
// wrapper script (port as first argument), given up to `startTimeoutMs`, and the environment is built on
// it with time skipping on — through the SDK's own factory `create`, private in its typings (1.24.0).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { TestWorkflowEnvironment } from '@temporalio/testing';

export interface TimeSkippingServer {
  environment: TestWorkflowEnvironment;
  teardown(): Promise<void>;
}

export async function startTimeSkippingEnvironment(
  serverPath: string,
  { startTimeoutMs = 120_000 }: { startTimeoutMs?: number } = {},
): Promise<TimeSkippingServer> {
  const port = await freePort();
  const server: ChildProcess = spawn(serverPath, [String(port)], { stdio: 'ignore' });
  try {
    await waitForPort(port, startTimeoutMs, server);
    const create = (
      TestWorkflowEnvironment as unknown as {
        create(options: Record<string, unknown>): Promise<TestWorkflowEnvironment>;
      }
    ).create.bind(TestWorkflowEnvironment);
    const environment = await create({
      server: { type: 'existing' },
      address: `127.0.0.1:${port}`,
      namespace: 'default',
      supportsTimeSkipping: true,
    });
    return {
      environment,
      async teardown() {
        await environment.teardown().catch(() => undefined);
        server.kill('SIGTERM');
      },
    };
  } catch (error) {
    server.kill('SIGKILL');
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, server: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null)
      throw new Error(`The Temporal test server exited with code ${server.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The Temporal test server did not listen on port ${port} within ${timeoutMs / 1000} s`);
}
