/** `npm run cli -- forecast ...` run in process (for speed), its stdout, stderr and exit code captured. */
import { Command } from 'commander';
import { registerForecastCommand } from '../../../cli/forecast-command';

export interface CliRun {
  out: string;
  err: string;
  code: number;
}

export async function cli(...args: string[]): Promise<CliRun> {
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
  registerForecastCommand(program);
  process.exitCode = undefined;
  let code = 0;
  try {
    await program.parseAsync(['node', 'funnel-forecast', 'forecast', ...args]);
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
