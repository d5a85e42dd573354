export { runCli, usage } from './run-cli';
export type { CliIo } from './run-cli';
