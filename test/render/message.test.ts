import { describe, expect, it } from 'vitest';
import { impliedRate, netOf, priceCosts } from '../../src/core/costs.js';
import { Dec } from '../../src/core/decimal.js';
import { DataError } from '../../src/core/errors.js';
import { footingMessage, joinWords, money, plainText, words, type Message } from '../../src/core/messages.js';
import { foldProblems, messageText, problemText } from '../../src/render/message.js';

const d = (text: string) => new Dec(text);

/** What `fn` throws, as a DataError. */
function thrown(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}

/** The sums of money in a message, as exact text, and whether any of its text has £ or a grouped figure. */
function figures(message: Message): { sums: string[]; formatted: boolean } {
  const parts = typeof message === 'string' ? [message] : message;
  return {
    sums: parts.flatMap((p) => (typeof p === 'string' ? [] : [p.pounds.toFixed()])),
    formatted: parts.some((p) => typeof p === 'string' && /£|\d,\d{3}/.test(p)),
  };
}

describe('messages with sums of money: the core words them, render prints them', () => {
  it('words keeps each sum a figure, splices words in, and joins the text between', () => {
    const working = words`2 \u00d7 ${money(d('1250.5'))}`;
    expect(words`the total ${money(d('2000'), 2)} does not agree with ${working} (line ${3})`).toEqual([
      'the total ',
      { pounds: d('2000'), places: 2 },
      ' does not agree with 2 × ',
      { pounds: d('1250.5') },
      ' (line 3)',
    ]);
  });

  it('put into a plain template string by mistake, words and sums read as their exact figures, not as objects', () => {
    const sum = money(d('2000'), 2);
    const said = words`the total ${sum} does not agree with ${joinWords([words`${money(d('1250.5'))}`, words`${money(d('3'))}`], ' and ')}`;
    expect(`${sum}`).toBe('2000.00');
    expect(`${money(d('1250.5'))}`).toBe('1250.5');
    expect(`${said}`).toBe('the total 2000.00 does not agree with 1250.5 and 3');
    expect(`${said}`).toBe(plainText(said));
  });

  it('the footing warning carries the printed, exact and expected totals as figures', () => {
    const message = footingMessage('De-delegation', d('50839'), d('50836.8'), d('50837'), d('1'));
    expect(figures(message)).toEqual({ sums: ['50839', '50836.8', '50837', '50839', '50837'], formatted: false });
    expect(messageText(message)).toBe(
      'De-delegation: the rounded rows add up to £50,839 but the exact total is £50,836.80 (£50,837 rounded); the Total row shows £50,839. Use --foot to make the rows add up to £50,837.',
    );
  });

  it('a cost plan whose lines taken off exceed its costs is an error carrying each sum as a figure', () => {
    const error = thrown(() =>
      priceCosts([
        { item: 'Visits', quantity: d('4'), unitCost: d('250'), times: null, total: null, where: { file: 'plan.csv', line: 2 } },
        { item: 'less: grant', quantity: null, unitCost: null, times: null, total: d('2250.5'), where: { file: 'plan.csv', line: 3 } },
      ]),
    );
    expect(figures(error.detail)).toEqual({ sums: ['2250.5', '1000', '-1250.5'], formatted: false });
    expect(problemText(error)).toBe(
      'plan.csv: the lines taken off ("less: grant" (line 3) £2,250.50) come to more than the costs (£1,000): the net amount would be -£1,250.50, and a net amount cannot be below zero',
    );
    // The error's own message, for a debugger, has the plain figures.
    expect(error.message).toBe('plan.csv: the lines taken off ("less: grant" (line 3) 2250.5) come to more than the costs (1000): the net amount would be -1250.5, and a net amount cannot be below zero');
  });

  it('a line whose total disagrees with quantity × unit cost, a net target below zero and no pupils are errors with figures', () => {
    const line = thrown(() => priceCosts([{ item: 'SIG groups', quantity: d('5'), unitCost: d('475'), times: d('6'), total: d('14000') }]));
    expect(figures(line.detail)).toEqual({ sums: ['14000', '475', '14250'], formatted: false });
    expect(messageText(line.detail)).toBe('"SIG groups": the total £14,000 does not agree with 5 × £475 × 6 = £14,250');
    const net = thrown(() => netOf([{ item: 'Costs', amount: d('1000'), sign: 1 }, { item: 'Grant', amount: d('2500.5'), sign: -1 }], { path: 'services[0].less' }));
    expect(figures(net.detail)).toEqual({ sums: ['2500.5', '1000', '-1500.5'], formatted: false });
    expect(problemText(net)).toBe('at services[0].less: the lines taken off ("Grant" £2,500.50) come to more than £1,000: the net amount would be -£1,500.50, and a net amount cannot be below zero');
    const none = thrown(() => impliedRate(d('1234567.5'), d('0')));
    expect(messageText(none.detail)).toBe('no pupils to spread £1,234,567.50 over: the NOR of the schools charged is 0');
  });

  it('folds a problem repeated on many rows by its text as printed', () => {
    const problems = [2, 3, 4, 5, 6, 7].map((line) => new DataError(words`the total ${money(d('1000'))} is wrong`, { file: 'plan.csv', line, column: 'total' }));
    expect(foldProblems(problems)).toEqual([
      'plan.csv:2: column "total": the total £1,000 is wrong',
      'plan.csv:3: column "total": the total £1,000 is wrong',
      'plan.csv:4: column "total": the total £1,000 is wrong',
      'plan.csv: column "total": the same on 3 more rows (lines 5 to 7): the total £1,000 is wrong',
    ]);
  });
});
