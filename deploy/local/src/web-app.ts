// Builds a front-end for a test stack (VITE_* variables are compiled in) and serves it with Vite's preview server.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

export async function buildAndPreview(options: {
  root: string;
  port: number;
  env: Record<`VITE_${string}`, string>;
}): Promise<ServedApp> {
  const outDir = await mkdtemp(join(tmpdir(), 'fp-e2e-app-'));
  const saved = Object.fromEntries(Object.keys(options.env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, options.env); // Vite reads VITE_* from the process environment first
  try {
    await build({
      root: options.root,
      configFile: join(options.root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const server = await preview({
    root: options.root,
    configFile: join(options.root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { port: options.port, strictPort: true, host: 'localhost' },
  });
  return {
    url: `http://localhost:${options.port}`,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/** An app on this port by both loopback names, as browsers' `Origin` headers and redirect URIs spell it. */
export function loopbackOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** A TCP port that was free a moment ago (for apps that no OAuth redirect has to reach). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
