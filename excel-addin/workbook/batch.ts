/**
 * Excel on the web refuses a request (or a response) over 5 MB. Writes are
 * queued against a budget below that and a context.sync() goes out only when
 * the next piece would not fit, so a small output is one round trip and a big
 * one is one round trip per ~4 MB. Every batch suspends recalculation until
 * its sync: the workbook recalculates once per batch, not once per command.
 */
export const PAYLOAD_BUDGET_BYTES = 4 * 1024 * 1024;

/** Rough JSON size of a command that carries no data (add a sheet, clear, create a table). */
export const COMMAND_BYTES = 200;

export class WriteBatch {
  private pending = 0;
  private queued = false;

  constructor(
    private readonly context: Excel.RequestContext,
    readonly budget: number = PAYLOAD_BUDGET_BYTES,
  ) {}

  /** Bytes still free in the current batch. */
  room(): number {
    return this.budget - this.pending;
  }

  /** Call before queueing commands worth `bytes`. */
  add(bytes: number): void {
    if (!this.queued) {
      this.context.application.suspendApiCalculationUntilNextSync();
      this.queued = true;
    }
    this.pending += bytes;
  }

  async flush(): Promise<void> {
    if (!this.queued) return;
    await this.context.sync();
    this.pending = 0;
    this.queued = false;
  }
}
