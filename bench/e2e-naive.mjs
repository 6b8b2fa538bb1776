// The naive reference of the end-to-end bench: readFileSync, split lines and
// fields, Number, a stage Map, the quarter from the ISO date, sums in a Map.
// Prints {"Region|2026-Q1": weighted, ...}. Usage: node bench/e2e-naive.mjs big.csv
import { readFileSync } from 'node:fs';

const STAGES = new Map([
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
]);

const lines = readFileSync(process.argv[2], 'utf8').split('\n');
const header = lines[0].split(',');
const amountAt = header.indexOf('Amount');
const stageAt = header.indexOf('Stage');
const closeAt = header.indexOf('Close Date');
const regionAt = header.indexOf('Region');
const sums = new Map();
for (let i = 1; i < lines.length; i++) {
  if (lines[i] === '') continue;
  const f = lines[i].split(',');
  const amount = Number(f[amountAt]);
  const p = STAGES.get(f[stageAt]);
  const date = f[closeAt];
  const quarter = `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
  const key = `${f[regionAt]}|${quarter}`;
  sums.set(key, (sums.get(key) ?? 0) + amount * p);
}
process.stdout.write(JSON.stringify(Object.fromEntries(sums)));
