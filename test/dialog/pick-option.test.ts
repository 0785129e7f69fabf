import { describe, expect, it } from 'vitest';
import type { Entities, Understanding } from '../../src/nlu/index.ts';
import { pickOption, type Disambiguation } from '../../src/dialog/tasks/engine.ts';

/** Answers to "which one?": ordinals in range, what is said after taking one back, and "not that one". */
const bobs: Disambiguation = {
  slot: 'payee',
  options: [
    { id: 'payee:bob-chen', label: 'Bob Chen, account ending 7788' },
    { id: 'payee:bob', label: 'Bob Li, account ending 4321' },
  ],
};
const zhangs: Disambiguation = {
  slot: 'payee',
  options: [
    { id: 'payee:zhangsan', label: '张三（尾号1001）' },
    { id: 'payee:zhangshan', label: '张珊（尾号1002）' },
  ],
};
const said = (text: string, entities: Entities = {}): Understanding => ({
  text,
  lang: /[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en',
  intent: 'oos',
  confidence: 0,
  ranked: [],
  entities,
});

describe('pickOption', () => {
  it('takes an ordinal in range, and no answer from one out of range', () => {
    expect(pickOption(bobs, said('the second one', { ordinal: 2 }))).toBe('payee:bob');
    expect(pickOption(zhangs, said('第三个', { ordinal: 3 }))).toBeUndefined();
  });

  it('takes what is said after taking one back', () => {
    expect(pickOption(zhangs, said('第一个不对，第二个', { ordinal: 1 }))).toBe('payee:zhangshan');
    expect(pickOption(bobs, said('the first no sorry the second', { ordinal: 1 }))).toBe('payee:bob');
  });

  it('reads "not that one" as the other of two', () => {
    expect(pickOption(zhangs, said('不要张珊'))).toBe('payee:zhangsan');
    expect(pickOption(bobs, said('not bob chen', { payee: { kind: 'one', id: 'bob-chen' } }))).toBe(
      'payee:bob',
    );
    expect(pickOption(bobs, said('not sure'))).toBeUndefined();
  });
});
