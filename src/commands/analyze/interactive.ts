import { createInterface } from 'node:readline';
import type { ChalkInstance } from 'chalk';
import { InterruptedError } from '../../errors.js';
import type { Checklist } from '../../core/analyze/model.js';
import { STATUS_LABEL, citation } from '../../core/analyze/markdown.js';
import { printable } from '../../view/printable.js';
import { walkOrder, type CaseAnalysis } from '../../core/analyze/state.js';

export interface WalkIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  style: ChalkInstance;
  now: () => Date;
  /** Called after every recorded answer and when the walk stops, so nothing typed is lost. */
  save: (state: CaseAnalysis) => void;
}

const SHOWN = 8;

/**
 * Walk the unanswered questions one by one, starting where the last walk stopped. Empty answer:
 * skip for now; "q": stop here; Ctrl-D stops too, Ctrl-C stops and exits 130. Returns the new state.
 */
export async function walk(checklist: Checklist, start: CaseAnalysis, io: WalkIo): Promise<CaseAnalysis> {
  let state = start;
  const ids = checklist.items.map((i) => i.id);
  const order = walkOrder(ids, state);
  const { output: out, style } = io;
  if (order.length === 0) {
    out.write(`All ${ids.length} questions are answered.\n`);
    return state;
  }
  const rl = createInterface({ input: io.input, output: io.output });
  let interrupted = false;
  rl.on('SIGINT', () => {
    interrupted = true;
    rl.close();
  });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string | null> => {
    rl.setPrompt(prompt);
    rl.prompt();
    const r = await lines.next();
    return r.done ? null : (r.value as string).trim();
  };
  const stopAt = (id: string | null) => {
    state = { ...state, cursor: id, updatedAt: io.now().toISOString() };
    io.save(state);
  };
  try {
    for (const [n, id] of order.entries()) {
      const item = checklist.items.find((i) => i.id === id);
      if (!item) continue;
      out.write(`\n${style.bold(`Q${item.number}. ${item.question}`)}${item.examples ? style.dim(` (${item.examples})`) : ''}\n`);
      out.write(`${style.dim(`(${Object.keys(state.answers).length} of ${ids.length} answered)`)}\n`);
      out.write(`${item.status ? `[${STATUS_LABEL[item.status]}] ` : ''}${printable(item.summary)}\n`);
      for (const l of item.evidence.slice(0, SHOWN)) out.write(`  - ${printable(l.text)}\n${style.dim(`    ${printable(citation(l).replace(/`/g, ''))}`)}\n`);
      if (item.evidence.length > SHOWN) out.write(`${style.dim(`  ... ${item.evidence.length - SHOWN} more in the report`)}\n`);
      for (const g of item.guidance) out.write(`${style.dim(`  > ${g}`)}\n`);
      const answer = await ask('Answer (empty: skip for now, q: stop)> ');
      if (answer === null || answer === 'q') {
        stopAt(id);
        if (interrupted) {
          out.write('\n');
          throw new InterruptedError(`stopped at ${id}; answers so far are saved, run again to resume`);
        }
        out.write(`Stopped at Q${item.number}; run again to resume.\n`);
        return state;
      }
      if (answer === '') continue;
      const note = await ask('Note (optional)> ');
      const next = order[n + 1] ?? null;
      state = { ...state, answers: { ...state.answers, [id]: { answer, note: note ? note : null, answeredAt: io.now().toISOString() } } };
      stopAt(next);
      if (note === null) {
        if (interrupted) {
          out.write('\n');
          throw new InterruptedError(`stopped after ${id}; answers so far are saved, run again to resume`);
        }
        return state;
      }
    }
    stopAt(null);
    const left = ids.filter((i) => !(i in state.answers)).length;
    out.write(left ? `\n${left} questions left unanswered; run again to answer them.\n` : `\nAll ${ids.length} questions are answered.\n`);
    return state;
  } finally {
    rl.close();
  }
}
