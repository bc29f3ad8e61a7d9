import { run } from './main.js';
import type { Io } from './io.js';

/** Node's process as dedel's Io; the only place that touches process. */
function processIo(): Io {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    cwd: process.cwd(),
  };
}

// A closed pipe (`dedel … | head`) ends the run quietly, as xsv and the shell tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

// No top-level await: the same module also builds as one CommonJS script for the code cache.
void run(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
