#!/usr/bin/env node
// The `csta` command (package.json "bin"). Runs the compiled CLI: build it first with `npm run build`.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv);
