/** `npm run cli -- history ...` and `sql ...` run in process (commander as main.ts wires them), output and exit code captured. */
import { registerHistoryCommand } from '../../../cli/history';
import { registerSqlCommand } from '../../../cli/sql-command';
import { runProgram, type CliRun } from './forecast-cli';

export function historyCli(...args: string[]): Promise<CliRun> {
  return runProgram([registerHistoryCommand, registerSqlCommand], args);
}

/** `history add FILE --as-of DATE --db STORE [more...]`. */
export function historyAdd(
  file: string,
  asOf: string,
  db: string,
  ...more: string[]
): Promise<CliRun> {
  return historyCli('history', 'add', file, '--as-of', asOf, '--db', db, ...more);
}
