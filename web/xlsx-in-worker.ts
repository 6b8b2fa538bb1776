/** Builds the output workbook in a Web Worker (xlsx-worker.ts) and reports its progress. */
import type { OutputTable } from '../core/output';
import type { WorkerReply } from './xlsx-worker';

export function writeWorkbookInWorker(
  tables: readonly OutputTable[],
  onProgress?: (done: number, total: number) => void,
): Promise<ArrayBuffer> {
  const worker = new Worker(new URL('./xlsx-worker.ts', import.meta.url), {
    name: 'xlsx-writer',
  });
  return new Promise<ArrayBuffer>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.type === 'progress') onProgress?.(m.done, m.total);
      else {
        worker.terminate();
        if (m.type === 'done') resolve(m.bytes);
        else reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'the workbook could not be built'));
    };
    worker.postMessage({ tables });
  });
}
