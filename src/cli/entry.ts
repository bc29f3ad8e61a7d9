import { run } from './main.js';
import type { Io } from './io.js';

// A closed pipe (`dedel … | head`) ends the run quietly, as xsv and the shell tools do. The
// handler is attached before a stream's first write: a run that writes nothing to a stream
// (csv written with --out) never makes it, nor loads what it needs (net, stream).
const guarded = new Set<NodeJS.WriteStream>();
function guard(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return stream;
}

/** Node's process as dedel's Io; the only place that touches process. */
function processIo(): Io {
  return {
    stdout: (text) => {
      guard(process.stdout).write(text);
    },
    stderr: (text) => {
      guard(process.stderr).write(text);
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    env: process.env,
    // Looked at only where colour is a question (a table), not on every run.
    get stdoutIsTTY() {
      return process.stdout.isTTY === true;
    },
    get stdoutColumns() {
      return process.stdout.isTTY === true ? process.stdout.columns : undefined;
    },
    cwd: process.cwd(),
  };
}

// No top-level await: the same module also builds as one CommonJS script for the code cache.
void run(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
