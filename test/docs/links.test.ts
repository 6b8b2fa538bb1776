/**
 * Every document the repository cites is in the repository: a comment, a test or a
 * markdown file that names a `.md` file (docs/engine.md, ./change/README.md, a bare
 * calibration.md beside the citing file), links to one, or names one of its sections
 * (`#anchor`, or `docs/engine.md, "Probability used"`) names something that exists.
 * docs/method.md, which points a reader at the code, also names only files that exist.
 * Reads the working tree only: nothing beside the clone.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage', 'test-artifacts']);
const SCANNED = /\.(ts|tsx|js|mjs|cjs|md|html|json)$/;
const SKIP_FILES = new Set(['package-lock.json']);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) walk(path, out);
    else if (SCANNED.test(name) && !SKIP_FILES.has(name)) out.push(path);
  }
  return out;
}

const repoPath = (path: string) => relative(ROOT, path).split(sep).join('/');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): { anchors: Set<string>; headings: string[] } {
  const anchors = new Set<string>();
  const headings: string[] = [];
  let fenced = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1]!.replace(/`/g, '');
    headings.push(text);
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, '')
      .replace(/ /g, '-');
    let anchor = slug;
    for (let i = 1; anchors.has(anchor); i++) anchor = `${slug}-${i}`;
    anchors.add(anchor);
  }
  return { anchors, headings };
}

/** Where a cited name can live: a path from the root or from the citing file, or a bare name beside it, at the root or in docs/. */
function resolve(cited: string, from: string): string | undefined {
  const candidates = cited.includes('/')
    ? [join(ROOT, cited), join(dirname(from), cited)]
    : [join(dirname(from), cited), join(ROOT, cited), join(ROOT, 'docs', cited)];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

interface Citation {
  file: string;
  line: number;
  cited: string;
  anchor?: string;
  section?: string;
}

// A .md name not inside a longer path or word; an optional #anchor; then, on the same line,
// an optional section name in quotes: `docs/engine.md, "Probability used"`, `(x.md), "..."`, `x.md ("...`.
const CITE =
  /(?<![\w./-])((?:\.{1,2}\/)?[\w-][\w./-]*\.md)(?![\w-])(#[\w-]+)?(\)?(?:,| \(|, \()\s*"([^"\n]{1,80})")?/g;
// Links to a section of the same markdown file: [text](#anchor).
const SELF_LINK = /\]\((#[\w-]+)\)/g;

function citationsOf(file: string): Citation[] {
  const out: Citation[] = [];
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((raw, i) => {
    // Addresses on the web are not the repository's documents.
    const line = raw.replace(/\b[a-z][a-z+.-]*:\/\/\S+/gi, ' ');
    for (const m of line.matchAll(CITE)) {
      out.push({ file, line: i + 1, cited: m[1]!, anchor: m[2]?.slice(1), section: m[4] });
    }
    if (file.endsWith('.md')) {
      for (const m of line.matchAll(SELF_LINK)) {
        out.push({ file, line: i + 1, cited: repoPath(file), anchor: m[1]!.slice(1) });
      }
    }
  });
  return out;
}

// This file's own examples cite missing documents on purpose.
const files = walk(ROOT).filter((f) => f !== __filename);
const citations = files.flatMap(citationsOf);

test('the scan sees the documents and the citations it is about', () => {
  expect(files.map(repoPath)).toEqual(expect.arrayContaining(['README.md', 'docs/method.md']));
  expect(citations.length).toBeGreaterThan(100);
  expect(citations.some((c) => c.cited === 'docs/method.md' && c.file.includes('core'))).toBe(true);
});

test('every cited document exists, and every cited section is one of its headings', () => {
  const problems: string[] = [];
  const parsed = new Map<string, ReturnType<typeof anchorsOf>>();
  for (const c of citations) {
    const where = `${repoPath(c.file)}:${c.line}`;
    const target = resolve(c.cited, c.file);
    if (!target) {
      problems.push(`${where} cites ${c.cited}, which is not in the repository`);
      continue;
    }
    if (!c.anchor && !c.section) continue;
    let doc = parsed.get(target);
    if (!doc) parsed.set(target, (doc = anchorsOf(readFileSync(target, 'utf8'))));
    if (c.anchor && !doc.anchors.has(c.anchor)) {
      problems.push(`${where} cites ${c.cited}#${c.anchor}: no such heading`);
    }
    const section = c.section?.toLowerCase();
    if (section && !doc.headings.some((h) => h.toLowerCase().startsWith(section))) {
      problems.push(`${where} cites ${c.cited}, "${c.section}": no heading starts so`);
    }
  }
  expect(problems).toEqual([]);
});

test('docs/method.md names only files and folders that exist', () => {
  const method = readFileSync(join(ROOT, 'docs', 'method.md'), 'utf8');
  const roots =
    'core|test|cli|files|ui|web|excel-addin|sheets-addon|bench|scripts|docs|assets|build';
  const paths = [...method.matchAll(new RegExp(`\`((?:${roots})/[\\w./-]*)\``, 'g'))].map(
    (m) => m[1]!,
  );
  expect(paths.length).toBeGreaterThan(20);
  expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
});

test('the check itself: a missing document, a wrong anchor and a wrong section are caught', () => {
  const { anchors, headings } = anchorsOf(
    '# Title\n\n```sh\n# not a heading\n```\n## Weekly snapshots (FF Snapshots)\n## `STAGE_RATES`\n## Notes\n## Notes\n',
  );
  expect([...anchors]).toEqual([
    'title',
    'weekly-snapshots-ff-snapshots',
    'stage_rates',
    'notes',
    'notes-1',
  ]);
  expect(headings).not.toContain('not a heading');
  const sample = ' * The value pyramid (domain.md section 3); docs/engine.md, "Probability used".';
  const found = [...sample.matchAll(CITE)].map((m) => [m[1], m[4]]);
  expect(found).toEqual([
    ['domain.md', undefined],
    ['docs/engine.md', 'Probability used'],
  ]);
  expect(resolve('domain.md', join(ROOT, 'core', 'tiers.ts'))).toBeUndefined();
  expect(resolve('calibration.md', join(ROOT, 'docs', 'architecture.md'))).toBeDefined();
  expect(resolve('./change/README.md', join(ROOT, 'test', 'vectors', 'x.ts'))).toBeDefined();
});
