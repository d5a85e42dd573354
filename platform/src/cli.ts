// Operator commands, used by `./fp up`: `node platform/dist/cli.js migrate | seed-demo`.
import 'reflect-metadata';
import { runCli } from './cli/index';

runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
