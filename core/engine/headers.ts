/**
 * Finding the header row and mapping columns to deal fields by their headers,
 * as the common CRM exports write them.
 */
import { isBlank, type CellValue, type Grid } from '../cells';
import { FunnelError } from '../errors';
import { normalizeLabel } from '../text';
import { FIELD_NAMES, type FieldMapping, type FieldName, type MappingReport } from './types';

/**
 * Header key: case, spacing, punctuation and full-width forms folded away, so
 * "Deal - Value", "deal_value" and "DealValue" are one key.
 */
export function headerKey(text: string): string {
  return normalizeLabel(text).replace(/[\s_\-./:()[\]（）【】%#*?,，:：'"’]+/g, '');
}

/**
 * Known headers per field, best first. Salesforce labels and API names, HubSpot,
 * Pipedrive ("Deal - Value" = dealvalue), Zoho, Dynamics ("Est. Revenue"),
 * Power BI samples and Chinese CRM headers. Written as headerKey() keys.
 */
export const HEADER_SYNONYMS: Record<FieldName, readonly string[]> = {
  amount: [
    'amount',
    'dealvalue',
    'dealamount',
    'opportunityamount',
    'value',
    'amountconverted',
    'amountusd',
    'opportunityamountusd',
    'estrevenue',
    'estimatedrevenue',
    'estimatedvalue',
    'revenue',
    'productrevenue',
    'closevalue',
    'totalamount',
    'potentialrevenue',
    'dealsize',
    'contractvalue',
    'acv',
    'tcv',
    'arr',
    '商机金额',
    '预估金额',
    '预计金额',
    '金额',
    '合同金额',
    '销售金额',
    '机会金额',
    '预计成交金额',
    '商机预估金额',
    '项目金额',
  ],
  stage: [
    'stage',
    'salesstage',
    'dealstage',
    'stagename',
    'opportunitystage',
    'pipelinestage',
    'salesstagename',
    'status reason',
    'phase',
    '商机阶段',
    '销售阶段',
    '阶段',
    '机会阶段',
    '项目阶段',
  ],
  probability: [
    'probability',
    'probability%',
    'dealprobability',
    'winprobability',
    'closeprobability',
    'probabilityofclose',
    'likelihood',
    'confidence',
    'winrate',
    '赢率',
    '赢单率',
    '成交概率',
    '赢单概率',
    '概率',
    '可能性',
  ],
  closeDate: [
    'closedate',
    'expectedclosedate',
    'estimatedclosedate',
    'estclosedate',
    'closingdate',
    'dealexpectedclosedate',
    'expectedclose',
    'projectedclosedate',
    'closedatetime',
    'actualclosedate',
    'wontime',
    'dealclosedate',
    '预计成交日期',
    '预计签约日期',
    '成交日期',
    '预计结单日期',
    '结单日期',
    '签约日期',
    '关闭日期',
  ],
  createdDate: [
    'createddate',
    'createdate',
    'created',
    'createdon',
    'dealcreated',
    'dealcreatedate',
    'datecreated',
    'creationdate',
    'engagedate',
    'opendate',
    'startdate',
    '创建日期',
    '创建时间',
    '立项日期',
    '发现日期',
  ],
  account: [
    'account',
    'accountname',
    'company',
    'companyname',
    'customer',
    'customername',
    'client',
    'clientname',
    'organization',
    'organisation',
    'dealorganization',
    'organizationname',
    'potentialcustomer',
    'accountid',
    '客户名称',
    '客户',
    '公司名称',
    '企业名称',
  ],
  opportunity: [
    'opportunityname',
    'opportunity',
    'dealname',
    'dealtitle',
    'name',
    'topic',
    'title',
    'opportunityid',
    'dealid',
    'id',
    '商机名称',
    '机会名称',
    '项目名称',
    '商机',
    '商机编号',
  ],
  owner: [
    'owner',
    'opportunityowner',
    'dealowner',
    'ownername',
    'salesagent',
    'salesrep',
    'salesperson',
    'salesowner',
    'rep',
    'accountexecutive',
    'assignedto',
    'ownerid',
    'agent',
    '负责人',
    '销售负责人',
    '销售代表',
    '销售人员',
    '销售',
    '所有人',
    '跟进人',
  ],
  currency: [
    'currency',
    'currencycode',
    'currencyisocode',
    'dealcurrency',
    'transactioncurrency',
    '币种',
    '货币',
  ],
  status: [
    'status',
    'dealstatus',
    'opportunitystatus',
    'state',
    'result',
    'opportunityresult',
    'outcome',
    'iswon',
    'won',
    '状态',
    '商机状态',
    '赢单状态',
  ],
  category: [
    'forecastcategory',
    'forecastcategoryname',
    'forecast',
    'forecastcat',
    'category',
    'forecasttype',
    '预测类别',
    '预测分类',
  ],
  lastActivity: [
    'lastactivity',
    'lastactivitydate',
    'dealactivitydate',
    'lastactivitydatetime',
    'lastmodifieddate',
    'lastcontacted',
    'lastcontactdate',
    'modifiedon',
    'updatedate',
    'dateoflastactivity',
    '最后跟进时间',
    '最近跟进时间',
    '最后跟进日期',
    '最后活动时间',
    '最后活动日期',
  ],
};

/** Header keys of Salesforce's IsClosed, which refines an IsWon status column. */
const CLOSED_FLAG_KEYS = ['isclosed', 'closed'];

/** Prefixes that exports put before a field name ("Deal - Stage", "Opportunity Owner"). */
const PREFIXES = ['deal', 'opportunity', 'opp'];

const SYNONYM_INDEX = (() => {
  const index = new Map<string, { field: FieldName; rank: number }>();
  for (const field of FIELD_NAMES) {
    HEADER_SYNONYMS[field].forEach((key, rank) => {
      const k = headerKey(key);
      if (!index.has(k)) index.set(k, { field, rank });
    });
  }
  return index;
})();

function matchHeader(key: string): { field: FieldName; rank: number } | undefined {
  const hit = SYNONYM_INDEX.get(key);
  if (hit) return hit;
  for (const p of PREFIXES) {
    if (key.startsWith(p) && key.length > p.length) {
      const rest = SYNONYM_INDEX.get(key.slice(p.length));
      if (rest) return { field: rest.field, rank: rest.rank + 100 };
    }
  }
  return undefined;
}

/** Text of a header cell; blank headers become "Column N" so every column can be named. */
function headerText(cell: CellValue, index: number): string {
  if (isBlank(cell)) return `Column ${index + 1}`;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).replace(/\s+/g, ' ').trim();
}

/** Text that reads as data rather than a label: a number, an amount or a date ("1,500", "$20", "2026-03-01"). */
function looksLikeData(cell: CellValue): boolean {
  if (typeof cell === 'number' || typeof cell === 'boolean' || cell instanceof Date) return true;
  if (typeof cell !== 'string') return false;
  return /^\s*[-+(]?\s*[$€£¥]?\s*\d/.test(cell);
}

/**
 * Scans the first rows for the one whose cells look most like deal-sheet
 * headers: two or more known field names (or the headers the user mapped),
 * or one known name or a row of labels with no data-looking cell. -1 when no
 * row qualifies: the sheet has no header row.
 */
export function findHeaderRow(values: Grid, scanRows = 30, userHeaders: string[] = []): number {
  let best = -1;
  let bestScore = 0;
  const limit = Math.min(values.length, scanRows);
  const userKeys = new Set(userHeaders.map(headerKey).filter((k) => k !== ''));
  for (let r = 0; r < limit; r++) {
    const row = values[r]!;
    const fields = new Set<FieldName>();
    let texts = 0;
    let users = 0;
    let data = false;
    for (const cell of row) {
      if (looksLikeData(cell)) data = true;
      if (typeof cell !== 'string' || isBlank(cell)) continue;
      texts++;
      const key = headerKey(cell);
      if (userKeys.has(key)) users++;
      const hit = matchHeader(key);
      if (hit) fields.add(hit.field);
    }
    const known = fields.size + users;
    // Known fields count most; a row of text labels beats a title row; a
    // single known word among numbers is a data row ("Won", 1200, ...).
    const score =
      known >= 2
        ? known * 10 + 1
        : data
          ? 0
          : known === 1
            ? 10 + (texts >= 2 ? 1 : 0)
            : texts >= 2
              ? 1
              : 0;
    if (score > bestScore) {
      bestScore = score;
      best = r;
    }
    if (fields.size >= 4) break;
  }
  return best;
}

/** Unique header names: a repeated header gets " (2)", " (3)"... so tables and pivots can name it. */
export function uniqueHeaders(row: readonly CellValue[], width: number): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (let c = 0; c < width; c++) {
    const base = headerText(row[c] ?? null, c);
    const k = base.toLowerCase();
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    out.push(n === 1 ? base : `${base} (${n})`);
  }
  return out;
}

export interface ColumnMap {
  report: MappingReport;
  /** Field to 0-based column, -1 when absent. */
  col: Record<FieldName, number>;
  /** Salesforce IsClosed column that refines an IsWon status column, -1 when absent. */
  closedFlagCol: number;
  /** Columns of the segment headers, in settings order. */
  segmentCols: number[];
}

/**
 * Maps fields to columns: the user's choices first (an unknown header is an
 * error that lists the sheet's headers), then the best-ranked synonym for
 * each remaining field, each column used at most once.
 */
export function mapColumns(
  headers: string[],
  headerRow: number,
  userMapping: Partial<Record<FieldName, string | null>> = {},
  segmentBy: string[] = [],
): ColumnMap {
  const fields: MappingReport['fields'] = {};
  const notes: string[] = [];
  const col = Object.fromEntries(FIELD_NAMES.map((f) => [f, -1])) as Record<FieldName, number>;
  const used = new Set<number>();
  const byLower = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = h.toLowerCase();
    if (!byLower.has(k)) byLower.set(k, i);
  });
  const findHeader = (name: string): number => {
    const exact = byLower.get(name.trim().toLowerCase());
    if (exact !== undefined) return exact;
    const key = headerKey(name);
    return headers.findIndex((h) => headerKey(h) === key);
  };

  for (const field of FIELD_NAMES) {
    if (!(field in userMapping)) continue;
    const header = userMapping[field];
    if (header === null || header === undefined || header === '') continue;
    const i = findHeader(header);
    if (i < 0) {
      throw new FunnelError(
        '#VALUE!',
        `Mapping ${field}=${header}: no column has that header; the headers are ${headers.join(', ')}.`,
        { column: header },
      );
    }
    col[field] = i;
    used.add(i);
    fields[field] = { field, header: headers[i]!, column: i, how: 'user' };
  }

  // Detected: every (column, field) candidate, best rank first.
  const candidates: { field: FieldName; rank: number; column: number }[] = [];
  headers.forEach((h, column) => {
    const hit = matchHeader(headerKey(h));
    if (hit) candidates.push({ ...hit, column });
  });
  candidates.sort((a, b) => a.rank - b.rank || a.column - b.column);
  for (const c of candidates) {
    if (c.field in userMapping || col[c.field] >= 0 || used.has(c.column)) continue;
    col[c.field] = c.column;
    used.add(c.column);
    const m: FieldMapping = {
      field: c.field,
      header: headers[c.column]!,
      column: c.column,
      how: 'detected',
    };
    fields[c.field] = m;
  }

  let closedFlagCol = -1;
  if (col.status >= 0 && ['iswon', 'won'].includes(headerKey(headers[col.status]!))) {
    closedFlagCol = headers.findIndex(
      (h, i) => !used.has(i) && CLOSED_FLAG_KEYS.includes(headerKey(h)),
    );
    if (closedFlagCol >= 0) {
      notes.push(
        `Status read from ${headers[col.status]} together with ${headers[closedFlagCol]} (closed and won = won, closed and not won = lost, not closed = open).`,
      );
    }
  }

  const segmentCols: number[] = [];
  const segments: string[] = [];
  for (const name of segmentBy) {
    if (normalizeLabel(name) === 'tier') continue; // computed, handled by the engine
    const i = findHeader(name);
    if (i < 0) {
      throw new FunnelError(
        '#VALUE!',
        `Segment ${name}: no column has that header; the headers are ${headers.join(', ')}.`,
        { column: name },
      );
    }
    segmentCols.push(i);
    segments.push(headers[i]!);
  }
  if (col.amount < 0) notes.push('No amount column found: map one (amount=Header).');
  if (col.stage < 0 && col.probability < 0) {
    notes.push('No stage or probability column found: map one (stage=Header).');
  }
  if (col.closeDate < 0)
    notes.push('No close date column found: every deal is in "(no close date)".');
  return {
    report: { headerRow, headers, fields, segments, notes },
    col,
    closedFlagCol,
    segmentCols,
  };
}
