import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApi } from './api';
import { ConfigError } from './config';

async function main(): Promise<void> {
  const api = await startApi();
  api.app.enableShutdownHooks();
  new Logger('FinPersona').log(
    `API listening on ${api.url} (GraphQL POST ${api.url}/graphql, health ${api.url}/health)`,
  );
}

main().catch((error: unknown) => {
  // A configuration problem is the operator's to fix: print it plainly, without a stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
