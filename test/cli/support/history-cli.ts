/** `npm run cli -- history ...` and `sql ...` run in process (commander as main.ts wires them), output and exit code captured. */
import { Command } from 'commander';
import { registerHistoryCommand } from '../../../cli/history';
import { registerSqlCommand } from '../../../cli/sql-command';
import type { CliRun } from './forecast-cli';

export async function historyCli(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
  const program = new Command('funnel-forecast').exitOverride();
  registerHistoryCommand(program);
  registerSqlCommand(program);
  process.exitCode = undefined;
  let code = 0;
  try {
    await program.parseAsync(['node', 'funnel-forecast', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (x) {
    code = (x as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
  return { out, err, code };
}
