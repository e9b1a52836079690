/** Scoring of the sentence segmenter against hand-written cases (used by `npm run eval:segmenter` and tests). */
import { normaliseArticle } from './index.js';

export interface SegmenterCase {
  id: string;
  note?: string;
  difficulty?: string;
  text: string;
  dateline?: string;
  sentences: string[];
}

export interface SegmenterScore {
  cases: number;
  exactCases: number;
  /** Boundary precision/recall/F1 over all cases (a boundary = the end offset of a sentence). */
  precision: number;
  recall: number;
  f1: number;
  datelines: { expected: number; found: number; correct: number };
  failures: { id: string; expected: string[]; got: string[] }[];
}

function expectedSpans(c: SegmenterCase): number[] {
  const ends: number[] = [];
  let from = c.dateline ? c.dateline.length : 0;
  for (const s of c.sentences) {
    const at = c.text.indexOf(s, from);
    if (at < 0) throw new Error(`case ${c.id}: sentence not found in text: ${s}`);
    ends.push(at + s.length);
    from = at + s.length;
  }
  return ends;
}

export function scoreSegmenter(cases: SegmenterCase[]): SegmenterScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let exact = 0;
  const dl = { expected: 0, found: 0, correct: 0 };
  const failures: SegmenterScore['failures'] = [];
  for (const c of cases) {
    // The segmenter normalises line endings; score on the same text so offsets agree.
    const text = c.text.replace(/\r\n?/g, '\n');
    const norm = { ...c, text, sentences: c.sentences.map((s) => s.replace(/\r\n?/g, '\n')) };
    const doc = normaliseArticle({ title: '', text });
    const lead = text.length - text.trimStart().length;
    const exp = new Set(expectedSpans(norm).map((e) => e - lead));
    const got = new Set(doc.sentences.map((s) => s.end));
    for (const e of got) {
      if (exp.has(e)) tp++;
      else fp++;
    }
    for (const e of exp) if (!got.has(e)) fn++;
    if (c.dateline) dl.expected++;
    if (doc.dateline) dl.found++;
    if (c.dateline && doc.dateline?.text === c.dateline) dl.correct++;
    const gotTexts = doc.sentences.map((s) => s.text);
    const same =
      gotTexts.length === norm.sentences.length && gotTexts.every((t, i) => t === norm.sentences[i]);
    if (same) exact++;
    else failures.push({ id: c.id, expected: norm.sentences, got: gotTexts });
  }
  const precision = tp / Math.max(tp + fp, 1);
  const recall = tp / Math.max(tp + fn, 1);
  return {
    cases: cases.length,
    exactCases: exact,
    precision,
    recall,
    f1: (2 * precision * recall) / Math.max(precision + recall, 1e-9),
    datelines: dl,
    failures,
  };
}
