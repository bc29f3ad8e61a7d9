import { fstatSync } from 'node:fs';
import { run } from './main.js';
import type { Io } from './io.js';
import { identityOf } from './input-file.js';

// A closed pipe (`dedel … | head`) ends the run quietly, as xsv and the shell tools do. Any
// other write error (a full disk behind `> file`) is kept for the run to report: never an
// uncaught exception. The handler is attached before a stream's first write: a run that
// writes nothing to a stream (csv written with --out) never makes it, nor loads what it
// needs (net, stream).
const guarded = new Set<NodeJS.WriteStream>();
const failed = new Map<NodeJS.WriteStream, Error>();
function guard(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      if (!failed.has(stream)) failed.set(stream, Object.assign(error, { stream: stream === process.stdout ? 'standard output' : 'standard error' }));
    });
  }
  return stream;
}

function write(stream: NodeJS.WriteStream, text: string | Uint8Array): void {
  // After a failure the stream is closed: further writes would only fail again.
  if (!failed.has(stream)) guard(stream).write(text);
}

/** Waits for a stream's writes to be done (or to have failed). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!guarded.has(stream) || stream.destroyed) return Promise.resolve();
  return new Promise((done) => stream.write('', () => done()));
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Node's process as dedel's Io; the only place that touches process. */
function processIo(): Io {
  return {
    stdout: (text) => write(process.stdout, text),
    stderr: (text) => write(process.stderr, text),
    readStdin: async (limit = Infinity) => {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        total += (chunk as Buffer).length;
        // Enough to know it is too much: an endless input is not read to its end.
        if (total > limit) break;
      }
      return Buffer.concat(chunks);
    },
    stdinIsTTY: () => process.stdin.isTTY === true,
    stdinIdentity: () => {
      try {
        return identityOf(fstatSync(0));
      } catch {
        return undefined;
      }
    },
    onInterrupt: (stop) => {
      const handler = (signal: NodeJS.Signals) => {
        stop();
        release();
        // Ends as the signal would have ended it, so the shell sees the same status.
        process.kill(process.pid, signal);
      };
      const release = () => {
        for (const signal of SIGNALS) process.off(signal, handler);
      };
      for (const signal of SIGNALS) process.on(signal, handler);
      return release;
    },
    flush: async () => {
      // Only the streams written to: asking for process.stderr would make it (and load what it needs) for nothing.
      await Promise.all([...guarded].map(drained));
      const failure = failed.values().next().value;
      if (failure !== undefined) throw failure;
    },
    writeFailure: () => failed.values().next().value,
    stdoutReady: () => {
      const out = process.stdout;
      if (!out.writableNeedDrain || failed.has(out) || out.destroyed) return Promise.resolve();
      return new Promise((ready) => {
        const go = () => {
          out.off('drain', go);
          out.off('close', go);
          ready();
        };
        out.on('drain', go);
        out.on('close', go);
      });
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
