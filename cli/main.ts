import { Command } from 'commander';
import { registerFnCommand } from './fn-command';
import { registerForecastCommand } from './forecast-command';
import { registerHistoryCommand } from './history';
import { registerSqlCommand } from './sql-command';

/** `npm run cli -- fn|forecast|history|sql ...`; exit code 2 on bad usage. */
const program = new Command('funnel-forecast')
  .description('Funnel Forecast on the command line: the custom functions and the forecast engine.')
  .exitOverride();
registerFnCommand(program);
// `... --json | head`: the reader closed the pipe; stop quietly, no EPIPE stack trace.
// Any other failure to write the output (a full disk, a closed descriptor): one line, exit 1.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`funnel-forecast: cannot write the output: ${e.message}\n`);
  process.exit(1);
});
registerForecastCommand(program);
registerHistoryCommand(program);
registerSqlCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const code = (err as { exitCode?: number }).exitCode;
  // commander already printed its own usage errors; help and version exit 0.
  process.exit(code === 0 ? 0 : 2);
});
