/**
 * The page's Download, off the main thread: output tables in, XLSX bytes out
 * (transferred, not copied), with progress messages on the way, so a large
 * workbook never freezes the tab. Started by xlsx-in-worker.ts.
 */
import type { OutputTable } from '../core/output';
import { writeWorkbook } from '../files/write';

export type WorkerReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; bytes: ArrayBuffer }
  | { type: 'error'; message: string };

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ tables: OutputTable[] }>) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  void (async () => {
    try {
      const bytes = await writeWorkbook(e.data.tables, {
        onProgress: (done, total) => scope.postMessage({ type: 'progress', done, total }),
      });
      const buffer = bytes.buffer as ArrayBuffer;
      scope.postMessage({ type: 'done', bytes: buffer }, [buffer]);
    } catch (err) {
      scope.postMessage({ type: 'error', message: (err as Error).message ?? String(err) });
    }
  })();
};
