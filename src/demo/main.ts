/**
 * `npm start` runs this: the csta3 demo (demo.ts). `node dist/src/demo/main.js --help` lists the
 * options (--story-only, --rate, --pace, --seed, --ascii).
 */
import { parseDemoArgs, runDemo } from './demo.js';

process.exitCode = await runDemo(parseDemoArgs(process.argv));
