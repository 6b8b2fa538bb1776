/**
 * The built-in sample deal sheet: realistic, generated, deterministic. The
 * same seed gives the same sheet in the browser page, the CLI and the tests.
 *
 * How it is generated (docs/engine.md repeats this for users):
 * - a seeded PRNG (mulberry32) draws every value, nothing reads the clock;
 * - two title rows sit above the header row, as exported reports have;
 * - each deal gets an account (accounts repeat, a few large ones, a long tail:
 *   amounts are log-normal and scaled by account size), an owner who belongs
 *   to one region, an industry, a channel and a stage drawn over the whole
 *   ladder (more early-stage deals than late ones, about a third closed);
 * - created dates fall between 2025-07-01 and 2026-12-31, close dates 15-240
 *   days later (won and lost deals closed by SAMPLE_AS_OF); open deals were mostly re-dated past SAMPLE_AS_OF, a few were
 *   not (slipped), and their last activity is mostly recent (a few are stale);
 * - about one deal in eight writes its own probability, one in twenty a manual
 *   forecast category; a few are in EUR, GBP or JPY (rates in SAMPLE_RATES, JPY
 *   deliberately without one);
 * - bad rows on purpose, at fixed positions: an amount "TBD", an unknown stage
 *   with no probability, a blank close date, an impossible date, a blank stage
 *   with a probability, a probability of 150%.
 * The Chinese variant uses Chinese CRM headers and stage names, amounts written
 * "12.5万" and "¥1,200,000", and dates written 2026年3月15日 or 2026/3/15.
 */
import type { CellValue, Grid } from '../cells';
import type { SourceSheet } from '../engine/types';

export interface SampleOptions {
  /** Number of deals (default 360). */
  deals?: number;
  /** PRNG seed (default 20260315). */
  seed?: number;
  /** 'en' (default) or 'zh' for Chinese headers, stages and number writing. */
  language?: 'en' | 'zh';
  /** Leave out the deliberately bad rows and the title rows (benchmarks). */
  clean?: boolean;
}

/** An as-of date that suits the sample: some deals slipped, most still ahead. */
export const SAMPLE_AS_OF = '2026-06-30';

/** Rates to USD for the sample's currencies (JPY is left out on purpose: it is reported, not added). */
export const SAMPLE_RATES: Grid = [
  ['Currency', 'Rate'],
  ['EUR', 1.08],
  ['GBP', 1.27],
];

/**
 * Team targets for the sample's quarters (in USD, the sample's base currency), so
 * a first run shows attainment, gap and coverage. "Total" rows are the team's.
 */
export const SAMPLE_TARGETS: Grid = [
  ['Owner or segment', 'Period', 'Target'],
  ['Total', '2025-Q3', 4_000_000],
  ['Total', '2025-Q4', 2_000_000],
  ['Total', '2026-Q1', 2_500_000],
  ['Total', '2026-Q2', 2_000_000],
  ['Total', '2026-Q3', 2_500_000],
  ['Total', '2026-Q4', 2_500_000],
  ['Total', '2027-Q1', 2_000_000],
  ['Total', '2027-Q2', 1_000_000],
];

/** mulberry32: tiny, fast and good enough for sample data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS_EN = ['North America', 'EMEA', 'APAC', 'LATAM'];
const REGIONS_ZH = ['华东', '华北', '华南', '西南'];
const INDUSTRIES_EN = [
  'Manufacturing',
  'Financial Services',
  'Retail',
  'Healthcare',
  'Education',
  'Energy',
];
const INDUSTRIES_ZH = ['制造', '金融', '零售', '医疗', '教育', '能源'];
const CHANNELS_EN = ['Direct', 'Partner', 'Online'];
const CHANNELS_ZH = ['直销', '渠道', '线上'];
const OWNERS_EN = [
  ['Avery Chen', 0],
  ['Jordan Ellis', 0],
  ['Priya Natarajan', 0],
  ['Lukas Meyer', 1],
  ['Sofia Rossi', 1],
  ['Tom Okafor', 1],
  ['Mei Tanaka', 2],
  ['Arjun Rao', 2],
  ['Camila Duarte', 3],
  ['Diego Alvarez', 3],
] as const;
const OWNERS_ZH = [
  ['王磊', 0],
  ['李娜', 0],
  ['张伟', 0],
  ['刘洋', 1],
  ['陈静', 1],
  ['杨帆', 2],
  ['赵敏', 2],
  ['周杰', 3],
] as const;
const ACCOUNT_A = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Litware',
  'Adventure',
  'Wingtip',
  'Proseware',
  'Fourth',
  'Coho',
  'Alpine',
  'Blue Yonder',
  'Lucerne',
  'Margie',
  'Trey',
  'Woodgrove',
];
const ACCOUNT_B = [
  'Traders',
  'Systems',
  'Health',
  'Energy',
  'Retail',
  'Bank',
  'Works',
  'Labs',
  'Logistics',
  'Foods',
];
const ACCOUNT_ZH_A = [
  '华为',
  '海尔',
  '美的',
  '格力',
  '联想',
  '比亚迪',
  '万科',
  '招商',
  '中信',
  '恒瑞',
  '宁德',
  '顺丰',
];
const ACCOUNT_ZH_B = ['科技', '集团', '制造', '医药', '物流', '银行', '电子', '能源'];

/** Ladder stages (en) and Chinese CRM stages (zh) with their draw weights; about a third closed. */
const STAGES_EN: [string, number][] = [
  ['Leads', 10],
  ['Prospect', 14],
  ['Opportunity', 14],
  ['Pipeline', 12],
  ['Upside', 8],
  ['Committed', 7],
  ['Won', 20],
  ['Lost', 15],
];
const STAGES_ZH: [string, number][] = [
  ['初步接触', 18],
  ['需求确认', 16],
  ['方案报价', 14],
  ['商务谈判', 10],
  ['赢单', 22],
  ['输单', 15],
  ['无效', 5],
];
const PROBABILITY_OF: Record<string, number> = {
  Prospect: 10,
  Opportunity: 20,
  Pipeline: 50,
  Upside: 60,
  Committed: 70,
  初步接触: 10,
  需求确认: 20,
  方案报价: 50,
  商务谈判: 70,
};

const AS_OF_DAY = Date.UTC(2026, 5, 30) / 86_400_000;
const CREATED_FROM = Date.UTC(2025, 6, 1) / 86_400_000;
const CREATED_SPAN = Date.UTC(2026, 11, 31) / 86_400_000 - CREATED_FROM;

function iso(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function pickWeighted<T>(rand: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** A log-normal draw: most deals modest, a few very large. */
function logNormal(rand: () => number, median: number, sigma: number): number {
  const u = Math.max(1e-12, rand());
  const v = rand();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
}

/** Generates the sample deal sheet. */
export function generateSampleSheet(options: SampleOptions = {}): SourceSheet {
  const n = options.deals ?? 360;
  const zh = options.language === 'zh';
  const rand = mulberry32(options.seed ?? 20260315);
  const regions = zh ? REGIONS_ZH : REGIONS_EN;
  const industries = zh ? INDUSTRIES_ZH : INDUSTRIES_EN;
  const channels = zh ? CHANNELS_ZH : CHANNELS_EN;
  const owners = zh ? OWNERS_ZH : OWNERS_EN;
  const stages = zh ? STAGES_ZH : STAGES_EN;

  // Accounts: a fixed population with a size factor (a few key accounts, a long tail).
  const accountCount = Math.max(8, Math.min(4000, Math.round(n / 4)));
  const accounts: { name: string; size: number; industry: string; region: number }[] = [];
  const a = zh ? ACCOUNT_ZH_A : ACCOUNT_A;
  const b = zh ? ACCOUNT_ZH_B : ACCOUNT_B;
  for (let i = 0; i < accountCount; i++) {
    const base = zh
      ? `${a[i % a.length]}${b[Math.floor(i / a.length) % b.length]}`
      : `${a[i % a.length]} ${b[Math.floor(i / a.length) % b.length]}`;
    const round = Math.floor(i / (a.length * b.length));
    accounts.push({
      name: round ? `${base} ${round + 1}` : base,
      size: Math.pow(1 - rand(), -0.8), // Pareto-like
      industry: industries[Math.floor(rand() * industries.length)]!,
      region: Math.floor(rand() * regions.length),
    });
  }

  const header = zh
    ? [
        '商机名称',
        '客户名称',
        '负责人',
        '区域',
        '行业',
        '渠道',
        '商机阶段',
        '赢率(%)',
        '商机金额',
        '币种',
        '创建日期',
        '预计成交日期',
        '最后跟进时间',
        '预测类别',
      ]
    : [
        'Opportunity',
        'Account',
        'Owner',
        'Region',
        'Industry',
        'Channel',
        'Stage',
        'Probability',
        'Amount',
        'Currency',
        'Created Date',
        'Close Date',
        'Last Activity',
        'Forecast Category',
      ];
  const values: Grid = [];
  if (!options.clean) {
    values.push([
      zh ? '销售商机明细（示例数据）' : 'Deal sheet (sample data)',
      ...header.slice(1).map(() => null),
    ]);
    values.push([
      zh ? '由 Funnel Forecast 生成' : 'Generated by Funnel Forecast',
      ...header.slice(1).map(() => null),
    ]);
  }
  values.push(header);

  for (let i = 0; i < n; i++) {
    const acc =
      accounts[Math.min(accountCount - 1, Math.floor(Math.pow(rand(), 1.6) * accountCount))]!;
    const region = rand() < 0.85 ? acc.region : Math.floor(rand() * regions.length);
    const regionOwners = owners.filter(([, r]) => r === region);
    const owner = regionOwners[Math.floor(rand() * regionOwners.length)]![0];
    const stage = pickWeighted(rand, stages);
    const open = PROBABILITY_OF[stage] !== undefined || stage === 'Leads';
    // Closed deals closed evenly over the year before the as-of date.
    let created: number;
    let close: number;
    if (open) {
      created = CREATED_FROM + Math.floor(rand() * CREATED_SPAN);
      close = created + 15 + Math.floor(rand() * 225);
    } else {
      close = AS_OF_DAY - Math.floor(rand() * 365);
      created = close - 15 - Math.floor(rand() * 150);
    }
    // Most open deals were re-dated when they slipped; a few were not (flagged slipped).
    if (open && close <= AS_OF_DAY && rand() < 0.85)
      close = AS_OF_DAY + 1 + Math.floor(rand() * 200);
    const lastActivity = open
      ? Math.max(created, AS_OF_DAY - Math.floor(Math.pow(rand(), 3) * 90))
      : Math.min(close, created + Math.floor(rand() * 200));
    const drawn = logNormal(rand, zh ? 180_000 : 24_000, 0.9) * Math.min(8, acc.size);
    const amount = zh
      ? Math.max(100, Math.round(drawn / 100) * 100)
      : Math.max(1, Math.round(drawn));
    const cents = zh ? 0 : Math.floor(rand() * 100) / 100;
    const r = rand();
    const currency = zh ? 'CNY' : r < 0.08 ? 'EUR' : r < 0.11 ? 'GBP' : r < 0.125 ? 'JPY' : 'USD';
    const ownP =
      PROBABILITY_OF[stage] !== undefined && rand() < 0.125
        ? Math.min(95, PROBABILITY_OF[stage]! + 5 * Math.floor(rand() * 4))
        : null;
    const category =
      rand() < 0.05 && PROBABILITY_OF[stage] !== undefined ? (zh ? '承诺' : 'Commit') : null;
    const channel = channels[Math.floor(rand() * channels.length)]!;
    const value = clean2(amount + cents);
    let amountCell: CellValue = value;
    if (zh) {
      const w = rand();
      amountCell =
        w < 0.3
          ? `${clean2(value / 10_000)}万`
          : w < 0.45
            ? `¥${value.toLocaleString('en-US')}`
            : value;
    } else if (rand() < 0.1) {
      amountCell = `${currency} ${value.toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    }
    const closeCell: CellValue = zh
      ? rand() < 0.5
        ? `${iso(close).slice(0, 4)}年${Number(iso(close).slice(5, 7))}月${Number(iso(close).slice(8, 10))}日`
        : iso(close).replace(/-0?/g, '/')
      : iso(close);
    values.push([
      zh ? `商机-${String(i + 1).padStart(4, '0')}` : `OPP-${String(i + 1).padStart(5, '0')}`,
      acc.name,
      owner,
      regions[region]!,
      acc.industry,
      channel,
      stage,
      ownP,
      amountCell,
      currency,
      iso(created),
      closeCell,
      iso(lastActivity),
      category,
    ]);
  }
  if (!options.clean) plantBadRows(values, values.length - n, zh);
  return { name: zh ? '示例商机' : 'Sample deals', values, firstRow: 1 };
}

function clean2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Known problems at fixed rows, so the tests and the docs can name them. */
export const SAMPLE_BAD_ROWS = {
  /** Amount "TBD": not counted. */
  badAmount: 5,
  /** Stage "On hold" (zh "暂停"), no probability: not counted. */
  unknownStage: 12,
  /** Blank close date: kept under "(no close date)". */
  blankCloseDate: 20,
  /** Close date 2026-02-30: kept under "(no close date)". */
  impossibleDate: 33,
  /** Blank stage with a probability of 40%: weighted with it. */
  blankStageWithProbability: 41,
  /** Probability 150%: the stage's probability is used. */
  badProbability: 57,
} as const;

function plantBadRows(values: Grid, first: number, zh: boolean): void {
  const row = (k: number) => values[first + k];
  const set = (k: number, col: number, v: CellValue) => {
    const r = row(k);
    if (r) r[col] = v;
  };
  set(SAMPLE_BAD_ROWS.badAmount, 8, 'TBD');
  set(SAMPLE_BAD_ROWS.unknownStage, 6, zh ? '暂停' : 'On hold');
  set(SAMPLE_BAD_ROWS.unknownStage, 7, null);
  set(SAMPLE_BAD_ROWS.blankCloseDate, 11, null);
  set(SAMPLE_BAD_ROWS.impossibleDate, 11, zh ? '2026年2月30日' : '2026-02-30');
  set(SAMPLE_BAD_ROWS.blankStageWithProbability, 6, null);
  set(SAMPLE_BAD_ROWS.blankStageWithProbability, 7, 40);
  set(SAMPLE_BAD_ROWS.badProbability, 6, zh ? '方案报价' : 'Pipeline');
  set(SAMPLE_BAD_ROWS.badProbability, 7, 150);
}
