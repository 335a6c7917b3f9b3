#!/usr/bin/env node
// The `csta` command (package.json "bin"). Runs the compiled CLI: build it first with `npm run build`.
import { main } from '../dist/src/cli/main.js';

// `csta decode … | head`: the reader went away; stop quietly, as other command line tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
