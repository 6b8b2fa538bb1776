/**
 * One writer at a time per spreadsheet: two people pressing Run in the same
 * file would otherwise interleave their writes into the same owned sheets
 * (and two saves their settings chunks). LockService needs no extra scope.
 */
const WAIT_MS = 30_000;

export function withDocumentLock<T>(what: string, body: () => T): T {
  const lock = LockService.getDocumentLock();
  // null outside a document (never for an editor add-on): nothing to coordinate with.
  if (!lock) return body();
  if (!lock.tryLock(WAIT_MS)) {
    throw new Error(
      `Another Funnel Forecast ${what} is still running in this spreadsheet; try again when it has finished.`,
    );
  }
  try {
    return body();
  } finally {
    lock.releaseLock();
  }
}
