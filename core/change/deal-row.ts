/** One deal of the bridge as a Deal changes row, read from the two snapshots' columns. */
import { labelText } from '../engine/deals';
import { NO_DAY, STATUS_OPEN } from '../engine/parse-rows';
import { clean, cleanNet } from '../money';
import { FORECAST_CATEGORIES, LADDER_STAGES, type LadderStage } from '../stages';
import { dateOfDay } from '../read/date';
import type { Snapshot } from './snapshot';
import type { Bucket, DealChange } from './types';

interface Side {
  stage: string | null;
  ladder: LadderStage | null;
  amount: number | null;
  weighted: number | null;
  close: Date | null;
  closeDay: number;
  category: DealChange['fromCategory'];
  probability: number | null;
  segment: Record<string, string> | null;
  row: number | null;
  opportunity: string | null;
  account: string | null;
  owner: string | null;
}

const NONE: Side = {
  stage: null,
  ladder: null,
  amount: null,
  weighted: null,
  close: null,
  closeDay: NO_DAY,
  category: null,
  probability: null,
  segment: null,
  row: null,
  opportunity: null,
  account: null,
  owner: null,
};

function side(s: Snapshot, i: number): Side {
  if (i < 0 || !s.present[i]) return NONE;
  const p = s.store.p;
  const day = p.closeDay[i]!;
  const opp = s.result.mapping.fields.opportunity;
  const oppValue = opp ? s.store.cell(i, opp.column) : null;
  let segment: Record<string, string> | null = null;
  if (s.segmentHeaders.length) {
    const parts = s.segmentKey[i]!.split('\u0000');
    segment = {};
    s.segmentHeaders.forEach((h, c) => (segment![h] = parts[c]!));
  }
  const L = s.store.labels;
  return {
    // The sheet's stage, else the ladder's (a bridge row always names one), and the ladder
    // stage and category as the run set them, weighed or not.
    stage: labelText(L.stageLabel, i) ?? LADDER_STAGES[p.ladder[i]!]!,
    ladder: LADDER_STAGES[p.ladder[i]!]!,
    amount: s.store.amount[i]!,
    weighted: s.weighted[i]!,
    close: day === NO_DAY ? null : dateOfDay(day),
    closeDay: day,
    category: FORECAST_CATEGORIES[p.category[i]!]!,
    probability: p.probability[i]!,
    segment,
    row: p.firstRow + p.source[i]!,
    opportunity:
      oppValue === null || oppValue === undefined || oppValue === ''
        ? null
        : oppValue instanceof Date
          ? oppValue.toISOString().slice(0, 10)
          : String(oppValue),
    account: labelText(L.account, i),
    owner: labelText(L.owner, i),
  };
}

/** Why a deal that has a row in a snapshot is not in the bridge there (not counted). */
function notCounted(s: Snapshot, i: number): string | null {
  if (i < 0 || s.present[i]) return null;
  const why = s.store.issuesText(i);
  return `not counted in ${s.name}${why ? `: ${why}` : ''}`;
}

export function dealChange(
  from: Snapshot,
  to: Snapshot,
  i: number,
  j: number,
  bucket: Bucket,
): DealChange {
  const f = side(from, i);
  const t = side(to, j);
  const inFrom = f !== NONE;
  const inTo = to.present[j] === 1 && j >= 0;
  let amountChange: number;
  let weightedChange: number;
  if (
    bucket === 'removed' ||
    bucket === 'won' ||
    bucket === 'lost' ||
    bucket === 'pushedOut' ||
    bucket === 'pulledOut'
  ) {
    amountChange = -f.amount!;
    weightedChange = -f.weighted!;
  } else if (
    bucket === 'reopened' ||
    bucket === 'pulledIn' ||
    bucket === 'pushedIn' ||
    bucket === 'new'
  ) {
    amountChange = t.amount!;
    weightedChange = t.weighted!;
  } else {
    amountChange = cleanNet(t.amount! - f.amount!, Math.abs(t.amount!) + Math.abs(f.amount!));
    weightedChange = cleanNet(
      t.weighted! - f.weighted!,
      Math.abs(t.weighted!) + Math.abs(f.weighted!),
    );
  }
  const notes: string[] = [];
  const openTo = inTo && to.store.p.status[j] === STATUS_OPEN;
  if (bucket === 'pushedOut' && openTo && t.closeDay === NO_DAY) notes.push('close date now blank');
  if (bucket === 'pushedIn' && f.closeDay === NO_DAY)
    notes.push(`close date blank in ${from.name}`);
  const nf = notCounted(from, i);
  const nt = notCounted(to, j);
  if (nf) notes.push(nf);
  if (nt) notes.push(nt);
  if (inFrom && inTo && from.segmentKey[i] !== to.segmentKey[j]) {
    notes.push(
      `moved from ${Object.values(f.segment!).join(' / ')} to ${Object.values(t.segment!).join(' / ')}`,
    );
  }
  const both = inFrom && inTo;
  return {
    key: i >= 0 ? from.keys[i]! : to.keys[j]!,
    opportunity: t.opportunity ?? f.opportunity,
    account: t.account ?? f.account,
    owner: t.owner ?? f.owner,
    bucket,
    fromStage: f.stage,
    toStage: t.stage,
    fromLadderStage: f.ladder,
    toLadderStage: t.ladder,
    fromAmount: f.amount,
    toAmount: t.amount,
    fromWeighted: f.weighted,
    toWeighted: t.weighted,
    amountChange: clean(amountChange),
    weightedChange: clean(weightedChange),
    fromCloseDate: f.close,
    toCloseDate: t.close,
    closeDaysMoved:
      both && f.closeDay !== NO_DAY && t.closeDay !== NO_DAY ? t.closeDay - f.closeDay : null,
    fromCategory: f.category,
    toCategory: t.category,
    fromProbability: f.probability,
    toProbability: t.probability,
    fromSegment: f.segment,
    toSegment: t.segment,
    fromRow: i >= 0 ? from.store.p.firstRow + from.store.p.source[i]! : null,
    toRow: j >= 0 ? to.store.p.firstRow + to.store.p.source[j]! : null,
    note: notes.join('; '),
  };
}
