/** `npm run cli -- forecast ...` run in process (for speed), its stdout, stderr and exit code captured. */
import { Command } from 'commander';
import { registerForecastCommand } from '../../../cli/forecast-command';

export interface CliRun {
  out: string;
  err: string;
  code: number;
}

/**
 * A program with these commands (commander as main.ts wires them) run in process on argv:
 * stdout, stderr and the exit code captured, process.exitCode left as it was found.
 */
export async function runProgram(
  register: readonly ((program: Command) => void)[],
  argv: readonly string[],
): Promise<CliRun> {
  // Bytes kept as bytes until the end: a chunk may end inside a character's UTF-8.
  const out: Buffer[] = [];
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation(((
    c: string | Uint8Array,
    ...rest: unknown[]
  ) => {
    out.push(Buffer.from(c));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (done) process.nextTick(done);
    return true;
  }) as typeof process.stdout.write);
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
  const program = new Command('funnel-forecast').exitOverride();
  for (const r of register) r(program);
  process.exitCode = undefined;
  let code = 0;
  try {
    await program.parseAsync(['node', 'funnel-forecast', ...argv]);
    code = Number(process.exitCode ?? 0);
  } catch (x) {
    code = (x as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
  return { out: Buffer.concat(out).toString('utf8'), err, code };
}

export function cli(...args: string[]): Promise<CliRun> {
  return runProgram([registerForecastCommand], ['forecast', ...args]);
}
