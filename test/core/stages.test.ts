import type { FunnelError } from '../../core/errors';
import {
  BUILT_IN_TABLES,
  choosePreset,
  type StageDef,
  CHINESE_CRM_PRESET,
  DEFAULT_LADDER,
  HUBSPOT_PRESET,
  LADDER_STAGES,
  SALESFORCE_PRESET,
  ladderForProbability,
  lookupStage,
  parseCategory,
  parseLadderStage,
  parseStageTable,
  rankPresets,
  resolveStage,
} from '../../core/stages';

function thrown(f: () => unknown): FunnelError {
  try {
    f();
  } catch (e) {
    return e as FunnelError;
  }
  throw new Error('expected a FunnelError');
}

describe('the default ladder', () => {
  it('has the deck stages, probabilities and categories', () => {
    const rows = DEFAULT_LADDER.stages.map((s) => [s.label, s.probability, s.category, s.status]);
    expect(rows).toEqual([
      ['Leads', 0, 'Omitted', 'open'],
      ['Prospect', 0.1, 'Pipeline', 'open'],
      ['Opportunity', 0.2, 'Pipeline', 'open'],
      ['Pipeline', 0.5, 'Pipeline', 'open'],
      ['Upside', 0.6, 'Best Case', 'open'],
      ['Committed', 0.7, 'Commit', 'open'],
      ['Won', 1, 'Closed', 'won'],
      ['Lost', 0, 'Omitted', 'lost'],
    ]);
    expect(LADDER_STAGES).toHaveLength(8);
  });

  it('knows the Chinese names', () => {
    const pairs: [string, string][] = [
      ['导引', 'Leads'],
      ['潜在机会', 'Prospect'],
      ['机会', 'Opportunity'],
      ['评估中', 'Pipeline'],
      ['高可能', 'Upside'],
      ['承诺', 'Committed'],
      ['赢单', 'Won'],
      ['成交', 'Won'],
      ['输单', 'Lost'],
      ['丢单', 'Lost'],
    ];
    for (const [zh, en] of pairs) expect(lookupStage(zh)?.ladder).toBe(en);
  });

  it('ladderForProbability places a probability on the highest open stage not above it', () => {
    expect(ladderForProbability(0)).toBe('Leads');
    expect(ladderForProbability(0.15)).toBe('Prospect');
    expect(ladderForProbability(0.65)).toBe('Upside');
    expect(ladderForProbability(0.9)).toBe('Committed');
    expect(ladderForProbability(1)).toBe('Won');
  });
});

describe('presets', () => {
  it('Salesforce and HubSpot defaults with their probabilities', () => {
    const sf = Object.fromEntries(SALESFORCE_PRESET.stages.map((s) => [s.label, s.probability]));
    expect(sf).toEqual({
      Prospecting: 0.1,
      Qualification: 0.1,
      'Needs Analysis': 0.2,
      'Value Proposition': 0.5,
      'Id. Decision Makers': 0.6,
      'Perception Analysis': 0.7,
      'Proposal/Price Quote': 0.75,
      'Negotiation/Review': 0.9,
      'Closed Won': 1,
      'Closed Lost': 0,
    });
    const hs = Object.fromEntries(HUBSPOT_PRESET.stages.map((s) => [s.label, s.probability]));
    expect(hs).toEqual({
      'Appointment Scheduled': 0.2,
      'Qualified to Buy': 0.4,
      'Presentation Scheduled': 0.6,
      'Decision Maker Bought-In': 0.8,
      'Contract Sent': 0.9,
      'Closed Won': 1,
      'Closed Lost': 0,
    });
    expect(CHINESE_CRM_PRESET.stages.map((s) => s.label)).toContain('商务谈判');
  });

  it('lookup order: ladder, Salesforce, HubSpot, Chinese CRM', () => {
    expect(BUILT_IN_TABLES.map((t) => t.source)).toEqual([
      'ladder',
      'salesforce',
      'hubspot',
      'chinese-crm',
    ]);
    expect(lookupStage('Closed Won')?.source).toBe('salesforce');
    expect(lookupStage('成交')?.source).toBe('ladder');
    expect(lookupStage('Contract Sent')?.source).toBe('hubspot');
    expect(lookupStage('流失')?.source).toBe('chinese-crm');
  });

  it('rankPresets finds the table that knows a sheet best', () => {
    const ranked = rankPresets(['Prospecting', 'Closed Won', 'Negotiation/Review', '', 'Odd']);
    expect(ranked[0]!.table.source).toBe('salesforce');
    expect(ranked[0]!.matched).toBe(3);
  });
});

describe('matching and resolving', () => {
  it('ignores case, surrounding and repeated spaces, full-width forms', () => {
    for (const label of ['committed', ' COMMITTED ', 'Ｃｏｍｍｉｔｔｅｄ', '　Committed　'])
      expect(lookupStage(label)?.ladder).toBe('Committed');
    expect(lookupStage('closed    won')?.probability).toBe(1);
    expect(lookupStage('Ｎｅｇｏｔｉａｔｉｏｎ／Ｒｅｖｉｅｗ')?.probability).toBe(0.9);
  });

  it('an unknown stage names itself and says how to fix it', () => {
    const e = thrown(() => resolveStage('Pending legal'));
    expect(e.code).toBe('#N/A');
    expect(e.message).toBe(
      'Unknown stage "Pending legal": add it to your stage table (name, probability, category) or use a ladder stage (Leads, Prospect, Opportunity, Pipeline, Upside, Committed, Won, Lost).',
    );
    expect(thrown(() => resolveStage('  ')).code).toBe('#VALUE!');
  });
});

describe('user stage tables', () => {
  it('read 0.7, 70 and "70%" alike, with or without a header row', () => {
    for (const grid of [
      [['Verbal', 0.7]],
      [['Verbal', 70]],
      [['Verbal', '70%']],
      [
        ['Stage', 'Probability'],
        ['Verbal', '70'],
      ],
    ]) {
      const t = parseStageTable(grid);
      expect(t.source).toBe('user');
      expect(lookupStage('verbal', t)?.probability).toBe(0.7);
    }
  });

  it('a range with a number above 1 is on the percent scale throughout', () => {
    const t = parseStageTable([
      ['Hot', 80],
      ['Cold', 1],
    ]);
    expect(lookupStage('Cold', t)?.probability).toBe(0.01);
  });

  it('place stages on the ladder: known names, won at 100%, lost words at 0%, else by probability', () => {
    const t = parseStageTable([
      ['Closed Won', 1],
      ['Signed', 1],
      ['Dead', 0],
      ['Parked', 0],
      ['Demo', 0.35],
    ]);
    expect(lookupStage('Closed Won', t)?.ladder).toBe('Won');
    expect(lookupStage('Signed', t)?.status).toBe('won');
    expect(lookupStage('Dead', t)?.status).toBe('lost');
    expect(lookupStage('Parked', t)?.ladder).toBe('Leads');
    expect(lookupStage('Demo', t)?.ladder).toBe('Opportunity');
  });

  it('take a category column in English or Chinese', () => {
    const t = parseStageTable([
      ['A', 0.5, 'Best Case'],
      ['B', 0.5, '承诺'],
      ['C', 0.5, ''],
    ]);
    expect(t.stages.map((s) => s.category)).toEqual(['Best Case', 'Commit', 'Pipeline']);
    expect(parseCategory('best case')).toBe('Best Case');
    expect(thrown(() => parseStageTable([['A', 0.5, 'Maybe']])).message).toContain(
      'is not a forecast category',
    );
  });

  it('wins over the built-in tables; unknown names fall back to them', () => {
    const t = parseStageTable([['Pipeline', 0.4]]);
    expect(resolveStage('Pipeline', t).probability).toBe(0.4);
    expect(resolveStage('Upside', t).probability).toBe(0.6);
  });

  it('locate their errors by row', () => {
    expect(thrown(() => parseStageTable([['A']])).message).toContain('2, 3 or 4 columns');
    expect(thrown(() => parseStageTable([])).code).toBe('#VALUE!');
    const blankName = thrown(() =>
      parseStageTable([
        ['A', 0.1],
        ['', 0.2],
      ]),
    );
    expect(blankName.message).toBe('stage_table row 2: the stage name is blank.');
    const blankProb = thrown(() =>
      parseStageTable([
        ['A', 0.1],
        ['B', null],
      ]),
    );
    expect(blankProb.message).toContain('row 2 (B): the probability is blank');
    const bad = thrown(() =>
      parseStageTable([
        ['Stage', 'P'],
        ['A', 'often'],
      ]),
    );
    expect(bad.location).toEqual({ row: 2, column: 'probability', value: 'often' });
    expect(thrown(() => parseStageTable([['A', '120%']])).code).toBe('#NUM!');
    expect(thrown(() => parseStageTable([['Stage', 'Probability']])).message).toContain(
      'holds no stages',
    );
  });

  it('reject the same stage twice with different figures, accept exact repeats', () => {
    const e = thrown(() =>
      parseStageTable([
        ['Demo', 0.3],
        ['Other', 0.5],
        ['demo', 0.4],
      ]),
    );
    expect(e.message).toBe(
      'stage_table rows 1 and 3 both define "demo" differently; keep one row per stage.',
    );
    expect(
      parseStageTable([
        ['Demo', 0.3],
        ['Demo', '30%'],
      ]).stages,
    ).toHaveLength(2);
  });

  it('take an optional 4th column, the ladder stage, which decides the status', () => {
    const t = parseStageTable([
      ['Stage', 'Probability', 'Category', 'Ladder stage'],
      ['Abandoned', '0%', '', 'Lost'],
      ['Parked', '0%', null, ''],
      ['Signed off', '100%', 'Closed', '  won '],
      ['Shelved', '0%', '', '输单'],
      ['Hot', '90%', 'Best Case', '高可能'],
      ['Fully booked', '100%', '', 'Committed'],
      ['Closed Lost', '0%', '', 'ＬＯＳＴ'],
      ['Demo', '35%'],
    ]);
    const got = (label: string) => {
      const d = lookupStage(label, t)!;
      return [d.ladder, d.status, d.category, d.probability];
    };
    expect(got('Abandoned')).toEqual(['Lost', 'lost', 'Omitted', 0]);
    // A blank 4th cell keeps the inference: 0% without a "lost" word sits on Leads.
    expect(got('Parked')).toEqual(['Leads', 'open', 'Omitted', 0]);
    expect(got('Signed off')).toEqual(['Won', 'won', 'Closed', 1]);
    expect(got('Shelved')).toEqual(['Lost', 'lost', 'Omitted', 0]);
    // An explicit ladder wins over the probability (90% alone would be Committed)...
    expect(got('Hot')).toEqual(['Upside', 'open', 'Best Case', 0.9]);
    // ... and over the 100% = Won rule: the user says the deal is still open.
    expect(got('Fully booked')).toEqual(['Committed', 'open', 'Commit', 1]);
    expect(got('Closed Lost')).toEqual(['Lost', 'lost', 'Omitted', 0]);
    // Short (ragged) rows count their missing cells as blank.
    expect(got('Demo')).toEqual(['Opportunity', 'open', 'Pipeline', 0.35]);
  });

  it('accept every ladder stage and its Chinese name in the 4th column', () => {
    const zh = ['导引', '潜在机会', '机会', '评估中', '高可能', '承诺', '赢单', '输单'];
    LADDER_STAGES.forEach((ladder, i) => {
      for (const written of [ladder, ladder.toLowerCase(), zh[i]!]) {
        const t = parseStageTable([['Custom', '50%', '', written]]);
        expect([written, lookupStage('Custom', t)?.ladder]).toEqual([written, ladder]);
      }
    });
    expect(parseLadderStage(' Ｃｏｍｍｉｔｔｅｄ ')).toBe('Committed');
  });

  it('an unknown ladder stage is a located #VALUE! naming the row and listing the ladder', () => {
    const e = thrown(() =>
      parseStageTable([
        ['Stage', 'Probability', 'Category', 'Ladder'],
        ['Demo', '30%', '', 'Pipeline'],
        ['Abandoned', '0%', 'Omitted', 'Gone'],
      ]),
    );
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toBe(
      'stage_table row 3 (Abandoned): "Gone" is not a ladder stage; use one of Leads, Prospect, Opportunity, Pipeline, Upside, Committed, Won, Lost (or 导引, 潜在机会, 机会, 评估中, 高可能, 承诺, 赢单, 输单).',
    );
    expect(e.location).toEqual({ row: 3, column: 'ladder', value: 'Gone' });
    // A number is not a ladder stage either.
    expect(thrown(() => parseStageTable([['A', 0.5, '', 3]])).location).toEqual({
      row: 1,
      column: 'ladder',
      value: 3,
    });
    // A category is not a ladder stage ("Best Case" belongs in the 3rd column).
    expect(thrown(() => parseStageTable([['A', 0.5, '', 'Best Case']])).code).toBe('#VALUE!');
  });

  it('the same stage twice on different ladder stages is a clash', () => {
    const e = thrown(() =>
      parseStageTable([
        ['Abandoned', 0, '', 'Lost'],
        ['abandoned', 0, '', 'Leads'],
      ]),
    );
    expect(e.message).toBe(
      'stage_table rows 1 and 2 both define "abandoned" differently; keep one row per stage.',
    );
  });

  it('skip blank rows', () => {
    const t = parseStageTable([
      ['A', 0.1],
      [null, null],
      ['B', 0.2],
    ]);
    expect(t.stages.map((s) => s.label)).toEqual(['A', 'B']);
  });
});

describe('one stage lookup order (core/stages.ts lookupStage), the engine and the functions alike', () => {
  it('the built-in tables agree on every label they share, so the chosen preset never changes a weight', () => {
    const seen = new Map<string, StageDef>();
    for (const table of BUILT_IN_TABLES) {
      for (const [key, def] of table.index) {
        const first = seen.get(key);
        if (!first) {
          seen.set(key, def);
          continue;
        }
        const pick = (d: StageDef) => [d.probability, d.category, d.ladder, d.status];
        expect({ key, def: pick(def) }).toEqual({ key, def: pick(first) });
      }
    }
  });

  it('user table, then the chosen preset, then the built-ins; a preset only when it beats the ladder', () => {
    const user = parseStageTable([['Negotiation/Review', '33%', 'Pipeline']]);
    expect(lookupStage('Negotiation/Review', user)!.probability).toBe(0.33);
    // "Closed Won" is in the Salesforce and HubSpot presets: the chosen one is named, same weight.
    expect(lookupStage('Closed Won', undefined, HUBSPOT_PRESET)!.source).toBe('hubspot');
    expect(lookupStage('Closed Won')!.source).toBe('salesforce');
    expect(lookupStage('赢单', undefined, CHINESE_CRM_PRESET)!.source).toBe('chinese-crm');
    expect(lookupStage('赢单')!.source).toBe('ladder');
    expect(lookupStage('Pipeline', undefined, SALESFORCE_PRESET)!.source).toBe('ladder');
    expect(choosePreset(['Prospecting', 'Negotiation/Review', 'Closed Won'])!.table).toBe(
      SALESFORCE_PRESET,
    );
    expect(choosePreset(['Pipeline', 'Committed', 'Won'])).toBeUndefined();
    expect(choosePreset([])).toBeUndefined();
  });
});
