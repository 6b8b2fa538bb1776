import { issueKindOf } from '../../core/for-ui';
import type { Catalog, Language, MessageKey } from './messages';

/**
 * Engine output speaks English (sheet contents must not change with the
 * reader's language, or pivots built on them break); the screen translates
 * the labels it recognises and leaves everything else, including user text, as is.
 */
const VALUE_PREFIXES = ['ladder.', 'category.', 'tier.', 'issue.', 'coverage.', 'yesno.'] as const;

/** Which kind of engine label a column holds, by its header; other columns hold user text. */
const COLUMN_PREFIX: Record<string, (typeof VALUE_PREFIXES)[number]> = {
  stage: 'ladder.',
  'ladder stage': 'ladder.',
  ladder: 'ladder.',
  category: 'category.',
  'forecast category': 'category.',
  tier: 'tier.',
  kind: 'issue.',
  issue: 'issue.',
  'issue kind': 'issue.',
  'coverage level': 'coverage.',
  'row kept': 'yesno.',
  counted: 'yesno.',
  slipped: 'yesno.',
  stale: 'yesno.',
  'account tier': 'tier.',
  'category used': 'category.',
};

/**
 * Translates an engine label. With a column header, only a column known to
 * hold such labels is translated (an account named "Won" stays "Won").
 */
export function valueLabel(
  lang: Language,
  text: string,
  catalog: Catalog,
  column?: string,
): string {
  // Ladder, category and tier labels read the same in English; issue kinds are codes and always get words.
  if (lang === 'en' && column === undefined) return text;
  const prefixes =
    column === undefined ? VALUE_PREFIXES : [COLUMN_PREFIX[column.trim().toLowerCase()]];
  for (const prefix of prefixes) {
    if (!prefix) continue;
    // Issue kinds are written by their one name (core's ISSUE_KIND_NAMES) or by code.
    const id = prefix === 'issue.' ? (issueKindOf(text) ?? text) : text;
    const key = (prefix + id) as MessageKey;
    if (key in catalog) return catalog[key];
  }
  return text;
}

/** Chinese for the output column headers the engine writes; unknown headers pass through. */
const ZH_HEADERS: Record<string, string> = {
  segment: '细分',
  period: '期间',
  'fiscal year': '财年',
  'fiscal quarter': '财季',
  deals: '商机数',
  amount: '金额',
  weighted: '加权金额',
  'weighted amount': '加权金额',
  closed: '已成交',
  commit: '承诺',
  'best case': '最佳情况',
  pipeline: '漏斗',
  omitted: '排除',
  'commit (cumulative)': '承诺（累计）',
  'best case (cumulative)': '最佳情况（累计）',
  'pipeline (cumulative)': '漏斗（累计）',
  'commit cumulative': '承诺（累计）',
  'best case cumulative': '最佳情况（累计）',
  'pipeline cumulative': '漏斗（累计）',
  spread: '波动（标准差）',
  stage: '阶段',
  'ladder stage': '阶梯阶段',
  'deals without amount': '无金额商机数',
  reached: '到达数',
  'conversion from previous': '较上一阶段转化率',
  'conversion from top': '较顶部转化率',
  opportunity: '商机',
  severity: '严重程度',
  section: '部分',
  item: '项目',
  account: '客户',
  value: '价值',
  share: '占比',
  'cumulative share': '累计占比',
  tier: '层级',
  coverage: '覆盖率',
  'coverage level': '覆盖方式',
  rank: '排名',
  'open deals': '未关闭商机数',
  'open amount': '未关闭金额',
  'target period': '目标期间',
  'source row': '源行号',
  counted: '计入',
  'deal status': '商机状态',
  'probability used': '采用赢率',
  'deal amount': '商机金额',
  'deal currency': '商机币种',
  'category used': '采用类别',
  'close date used': '采用成交日期',
  'account tier': '客户层级',
  slipped: '已延误',
  stale: '无活动',
  issues: '问题',
  owner: '负责人',
  won: '赢单数',
  lost: '输单数',
  'win rate': '赢率',
  'avg won amount': '平均赢单金额',
  'average won amount': '平均赢单金额',
  'avg cycle days': '平均周期（天）',
  'average cycle (days)': '平均周期（天）',
  'velocity per day': '日销售速度',
  'velocity/day': '日销售速度',
  target: '目标',
  gap: '差距',
  'opps needed': '所需商机数',
  'opportunities needed': '所需商机数',
  row: '行',
  column: '列',
  problem: '问题',
  kind: '类型',
  'row kept': '仍计入',
  issue: '问题',
  probability: '赢率',
  category: '类别',
  status: '状态',
  'close date': '成交日期',
  currency: '币种',
};

export function headerLabel(lang: Language, text: string): string {
  if (lang === 'en') return text;
  return ZH_HEADERS[text.trim().toLowerCase()] ?? text;
}
