import { Command } from 'commander';
import type { Io } from '../io.js';
import { addHelpOption } from '../options.js';
import type { CommandResult } from '../result.js';

/** `dedel schema`: the config's JSON Schema, generated from the zod schema so the two cannot drift. */
export async function runSchema(flags: { out?: string }): Promise<CommandResult> {
  // zod is loaded only for this command (and for -c): it costs start-up time other commands need not pay.
  const { configJsonSchema } = await import('../../io/config-schema.js');
  return { output: `${JSON.stringify(configJsonSchema(), null, 2)}\n`, diagnostics: [], out: flags.out, inputs: [] };
}

export function schemaCommand(_io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('schema')
    .description("print the config file's JSON Schema, for editors to check and complete dedel.json")
    .addHelpText(
      'after',
      '\nExample:\n  dedel schema > dedel.schema.json\n  then start dedel.json with "$schema": "./dedel.schema.json"',
    );
  cmd.optionsGroup('Shared options:').option('-o, --out <file>', 'write the schema to FILE (atomically) instead of stdout');
  addHelpOption(cmd);
  return cmd.action((flags: { out?: string }) => done(runSchema(flags)));
}
