/**
 * `fn NAME ARG...`: calls a custom function the way a cell would. Each ARG is
 * JSON (number, string, 2D array for a range, null for an omitted argument or a
 * blank cell), or @FILE to read that JSON from a file, or - to read it from
 * standard input (a 1000 x 1000 range does not fit on a command line); the
 * result prints as JSON, an error cell as {"error":"#N/A","message":"..."}. Bad JSON, an unknown function or too many
 * arguments: one line on stderr and exit code 2.
 */
import { fstatSync, readFileSync, statSync } from 'node:fs';
import { isatty } from 'node:tty';
import { LIMITS } from '../files/limits';
import type { Command } from 'commander';
import { isFunnelError, type FunnelError } from '../core/errors';
import type { ResultCell } from '../core/cells';
import {
  FUNCTIONS,
  findFunction,
  invoke,
  signatureOf as signature,
  type HostHooks,
} from '../core/functions/registry';

/** JSON for a result: error cells become {"error", "message"} objects. */
export function resultToJson(result: unknown): string {
  return JSON.stringify(result, (_key, value: unknown) =>
    isFunnelError(value) ? { error: value.code, message: value.message } : value,
  );
}

/**
 * The command line as a host: JSON arguments are what the core takes (null for blank), the
 * result cells print as they are, and a problem with the whole call prints as one error object.
 */
const JSON_HOOKS: HostHooks<ResultCell, FunnelError> = {
  readArg: (arg) => arg,
  writeCell: (cell) => cell,
  wholeCallError: (error) => error,
};

function functionList(): string {
  return FUNCTIONS.map((f) => `  ${signature(f)}`).join('\n');
}

export function registerFnCommand(program: Command): void {
  const cmd = program
    .command('fn')
    .description('Call a custom function as a cell would; print the result as JSON.')
    .argument('<name>', 'function name, e.g. FUNNEL_WEIGHT')
    .argument(
      '[args...]',
      'one JSON value per argument: 12285, \'"Committed"\', a range [[1],[2]], null for omitted or blank; @file.json reads it from a file, - from standard input',
    )
    // Negative numbers such as -5 are arguments, not options.
    .allowUnknownOption(true)
    .addHelpText(
      'after',
      `\nFunctions:\n${functionList()}\n\nExamples:\n  npm run --silent cli -- fn TIER '[[100],[50],[30],[10],[10]]'\n  npm run --silent cli -- fn TIER @values.json\n  some-command | npm run --silent cli -- fn FUNNEL_WEIGHT - '"Won"'\n`,
    );

  cmd.action((name: string, rawArgs: string[]) => {
    const usage = (message: string): never =>
      cmd.error(`fn: ${message}`, { exitCode: 2, code: 'fn.usage' });
    const spec = findFunction(name);
    if (!spec) {
      usage(`unknown function "${name}"; known: ${FUNCTIONS.map((f) => f.name).join(', ')}.`);
      return;
    }
    if (rawArgs.length > spec.params.length) {
      usage(`${spec.name} takes at most ${spec.params.length} arguments: ${signature(spec)}.`);
    }
    if (rawArgs.filter((a) => a === '-').length > 1) {
      usage('only one argument can come from standard input (-).');
    }
    const args = rawArgs.map((raw, i) => {
      const where = raw === '-' ? 'standard input' : raw.startsWith('@') ? raw.slice(1) : null;
      let text = raw;
      if (where !== null) {
        try {
          // A regular file (or, for -, a pipe, a file or a terminal) of at most LIMITS.textBytes:
          // @/dev/zero used to read until the process died (std::bad_alloc).
          const st = raw === '-' ? fstatSync(0) : statSync(where);
          if (st.isDirectory()) throw new Error('it is a folder');
          const stream = raw === '-' && (st.isFIFO() || st.isSocket() || isatty(0));
          if (!st.isFile() && !stream) throw new Error('not a regular file');
          if (st.size > LIMITS.textBytes)
            throw new Error(`larger than ${LIMITS.textBytes / 1024 / 1024} MB`);
          text = readFileSync(raw === '-' ? 0 : where, 'utf8');
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          const why =
            code === 'ENOENT'
              ? 'no such file'
              : code === 'EACCES'
                ? 'permission denied'
                : code
                  ? `the system says ${code}`
                  : (e as Error).message;
          return usage(
            `argument ${i + 1} (${spec.params[i]!.name}): cannot read ${where || '""'}: ${why}.`,
          );
        }
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        const shown = text.length > 80 ? `${text.slice(0, 80)}...` : text;
        return usage(
          `argument ${i + 1} (${spec.params[i]!.name})${where !== null ? ` from ${where}` : ''} is not JSON: ${JSON.stringify(shown)}; write text in quotes ('"Won"'), a range as [[1],[2]], blank as null.`,
        );
      }
    });
    const missing = spec.params.findIndex((p, i) => !p.optional && i >= args.length);
    if (missing >= 0) {
      usage(`${spec.name} needs ${spec.params[missing]!.name}: ${signature(spec)}.`);
    }
    process.stdout.write(`${resultToJson(invoke(spec, args, JSON_HOOKS))}\n`);
  });
}
