/** Reading a deal's outcome from a cell: won, lost or open. */
import { isBlank } from '../cells';
import { lookupStage, type DealStatus } from '../stages';
import { normalizeLabel } from '../text';

const WORDS = new Map<string, DealStatus>([
  ['won', 'won'],
  ['win', 'won'],
  ['true', 'won'],
  ['yes', 'won'],
  ['lost', 'lost'],
  ['loss', 'lost'],
  ['false', 'lost'],
  ['no', 'lost'],
  ['open', 'open'],
]);

/**
 * An outcome cell: TRUE / 1 / won / win = won, FALSE / 0 / lost / loss = lost,
 * open = open, or any stage name whose status says it (Closed Won, 赢单, 输单...).
 * Blank -> null (the row's stage decides); anything else -> undefined (not an outcome).
 */
export function readOutcome(value: unknown): DealStatus | null | undefined {
  if (isBlank(value)) return null;
  if (typeof value === 'boolean') return value ? 'won' : 'lost';
  if (typeof value === 'number') return value === 1 ? 'won' : value === 0 ? 'lost' : undefined;
  if (typeof value !== 'string') return undefined;
  const key = normalizeLabel(value);
  const word = WORDS.get(key);
  if (word) return word;
  if (key === '1') return 'won';
  if (key === '0') return 'lost';
  return lookupStage(value)?.status;
}
