// The one-pass reference of the end-to-end bench: the same sums as
// e2e-naive.mjs from the file's bytes, with no string per row or field.
// Assumes the bench's generated file (no quotes, the columns in its order).
// Usage: node bench/e2e-bytes.mjs big.csv
import { readFileSync } from 'node:fs';

const STAGES = [
  ['Prospecting', 0.1],
  ['Qualification', 0.1],
  ['Needs Analysis', 0.2],
  ['Value Proposition', 0.5],
  ['Id. Decision Makers', 0.6],
  ['Perception Analysis', 0.7],
  ['Proposal/Price Quote', 0.75],
  ['Negotiation/Review', 0.9],
  ['Closed Won', 1],
  ['Closed Lost', 0],
];
// A stage is known by its length, first and last byte (distinct for these names).
const keyOf = (len, first, last) => (len << 16) | (first << 8) | last;
const probability = new Map(
  STAGES.map(([s, p]) => [keyOf(s.length, s.charCodeAt(0), s.charCodeAt(s.length - 1)), p]),
);
if (probability.size !== STAGES.length) throw new Error('stage keys collide');

const b = readFileSync(process.argv[2]);
const header = b.subarray(0, b.indexOf(10)).toString('utf8').split(',');
const AMOUNT = header.indexOf('Amount');
const STAGE = header.indexOf('Stage');
const CLOSE = header.indexOf('Close Date');
const REGION = header.indexOf('Region');
const regionIds = new Map(); // FNV-1a hash of the bytes -> index
const regionNames = [];
const sums = []; // region * 1024 + (year - 2000) * 4 + quarter -> sum
let i = b.indexOf(10) + 1;
const n = b.length;
while (i < n) {
  let field = 0;
  let amount = 0;
  let scale = 0;
  let p = 0;
  let year = 0;
  let quarter = 0;
  let region = 0;
  while (i < n && b[i] !== 10) {
    const start = i;
    while (i < n && b[i] !== 44 && b[i] !== 10) i++;
    if (field === AMOUNT) {
      for (let j = start; j < i; j++) {
        const c = b[j];
        if (c === 46) scale = 1;
        else {
          amount = amount * 10 + (c - 48);
          if (scale) scale *= 10;
        }
      }
      if (scale) amount /= scale;
    } else if (field === STAGE) {
      p = probability.get(keyOf(i - start, b[start], b[i - 1]));
    } else if (field === CLOSE) {
      year =
        (b[start] - 48) * 1000 +
        (b[start + 1] - 48) * 100 +
        (b[start + 2] - 48) * 10 +
        b[start + 3] -
        48;
      const month = (b[start + 5] - 48) * 10 + b[start + 6] - 48;
      quarter = ((month - 1) / 3) | 0;
    } else if (field === REGION) {
      let h = 0x811c9dc5;
      for (let j = start; j < i; j++) h = Math.imul(h ^ b[j], 16777619);
      let id = regionIds.get(h);
      if (id === undefined) {
        id = regionNames.length;
        regionIds.set(h, id);
        regionNames.push(b.toString('utf8', start, i));
      }
      region = id;
    }
    field++;
    if (i < n && b[i] === 44) i++;
  }
  i++;
  if (field > 1) {
    const k = region * 1024 + (year - 2000) * 4 + quarter;
    sums[k] = (sums[k] ?? 0) + amount * p;
  }
}
const out = {};
sums.forEach((v, k) => {
  if (v === undefined) return;
  const region = regionNames[Math.floor(k / 1024)];
  const yq = k % 1024;
  out[`${region}|${2000 + Math.floor(yq / 4)}-Q${(yq % 4) + 1}`] = v;
});
process.stdout.write(JSON.stringify(out));
