import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { IntentModel } from '../../src/nlu/model.ts';
import { parseCsv, splitExamples, type Example } from '../../src/nlu/train/dataset.ts';
import { mergeNetworks, predictProbabilities, trainNetwork } from '../../src/nlu/train/network.ts';
import { Vectorizer } from '../../src/nlu/vectorizer.ts';
import { DEFAULT_MODEL_OPTIONS, saveModel, trainModel } from '../../src/nlu/train/train.ts';
import { tempDir } from '../helpers/tmp.ts';

const dir = tempDir();

/** A small bilingual training set: a few intents, varied phrasings, some out of scope. */
function corpus(): Example[] {
  const rows: [string, string][] = [];
  const balance = [
    'what is my balance',
    'how much money do i have',
    'check my balance please',
    'balance',
    'how much is in checking',
    'tell me my account balance',
    '查余额',
    '我卡里还有多少钱',
    '帮我查一下余额',
    '账户余额是多少',
  ];
  const transfer = [
    'send fifty dollars to bob',
    'transfer money to alice',
    'pay my mom 20 bucks',
    'move 100 to savings',
    'wire two hundred to maria',
    'send cash to my landlord',
    '给张三转五百',
    '转账给妈妈',
    '帮我转一千块给李四',
    '我要转账',
  ];
  const freeze = [
    'freeze my card',
    'lock my credit card for now',
    'put a hold on my debit card',
    'temporarily block my card',
    'i misplaced my card freeze it',
    'pause my visa',
    '冻结我的卡',
    '把信用卡锁一下',
    '暂时冻结银行卡',
    '卡先冻上',
  ];
  const oos = [
    'what is the weather today',
    'play some music',
    'tell me a joke',
    'how tall is mount everest',
    'set an alarm for seven',
    'who won the game last night',
    '今天天气怎么样',
    '放首歌',
    '讲个笑话',
    '帮我订个闹钟',
  ];
  for (const t of balance) rows.push([t, 'account.balance']);
  for (const t of transfer) rows.push([t, 'transfer.money']);
  for (const t of freeze) rows.push([t, 'card.freeze']);
  for (const t of oos) rows.push([t, 'oos']);
  return parseCsv(`text,label\n${rows.map(([t, l]) => `"${t}",${l}`).join('\n')}\n`);
}

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += `${t}\n`),
    err: (t: string) => void (io.stderr += `${t}\n`),
  };
  return io;
}

describe('intent classifier', () => {
  it('serves through onnxruntime-node exactly what it learned in TypeScript', async () => {
    const examples = corpus();
    const model = trainModel(examples, [], { ...DEFAULT_MODEL_OPTIONS, epochs: 20 });
    const out = join(dir, 'small');
    saveModel(model, out, { test: true });
    const onnx = await IntentModel.load(out);
    for (const text of [
      'send 300 dollars to bob',
      '帮我查余额',
      'freeze the visa',
      'what time is it in tokyo',
      '',
      'zzzz',
    ]) {
      const fromOnnx = await onnx.probabilities(text);
      const fromTs = predictProbabilities(model.net, model.vectorizer.vectorize(text));
      expect(fromOnnx.length).toBe(model.labels.length);
      const argmax = (p: Float32Array) => p.indexOf(Math.max(...p));
      expect(argmax(fromOnnx)).toBe(argmax(fromTs));
      // int8 rows: probabilities agree closely, not bit for bit.
      for (let i = 0; i < fromTs.length; i++)
        expect(Math.abs((fromOnnx[i] ?? 0) - (fromTs[i] ?? 0))).toBeLessThan(0.02);
    }
    expect((await onnx.classify('send fifty bucks to bob')).intent).toBe('transfer.money');
    expect((await onnx.classify('把我的卡冻结')).intent).toBe('card.freeze');
    await onnx.close();
  });

  it('is deterministic: the same data and seed give byte-identical model files', () => {
    const examples = corpus();
    const a = trainModel(examples, [], { ...DEFAULT_MODEL_OPTIONS, epochs: 5, seed: 7 });
    const b = trainModel(examples, [], { ...DEFAULT_MODEL_OPTIONS, epochs: 5, seed: 7 });
    saveModel(a, join(dir, 'a'), {});
    saveModel(b, join(dir, 'b'), {});
    expect(
      readFileSync(join(dir, 'a', 'model.onnx')).equals(readFileSync(join(dir, 'b', 'model.onnx'))),
    ).toBe(true);
    expect(readFileSync(join(dir, 'a', 'model.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'b', 'model.json'), 'utf8'),
    );
  });

  it("averages an ensemble in one network: the merged logits are the mean of the members' logits", () => {
    const examples = corpus();
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    const vectorizer = Vectorizer.fit(examples.map((e) => e.text));
    const inputs = examples.map((e) => vectorizer.vectorize(e.text));
    const y = Int32Array.from(examples.map((e) => labels.indexOf(e.label)));
    const members = [1, 2, 3].map((seed) =>
      trainNetwork(inputs, y, vectorizer.size, labels.length, {
        hiddenSize: 8,
        epochs: 5,
        learningRate: 0.05,
        l2: 1e-6,
        dropout: 0.2,
        seed,
      }),
    );
    const merged = mergeNetworks(members);
    expect(merged.hiddenSize).toBe(24);
    for (const text of ['send 300 dollars to bob', '冻结我的卡', 'what time is it']) {
      const x = vectorizer.vectorize(text);
      // log p = logits - logsumexp, so softmax of the mean log-probability is softmax of the mean logits.
      const meanLog = members
        .map((m) => predictProbabilities(m, x).map(Math.log))
        .reduce((a, b) => a.map((v, i) => v + (b[i] ?? 0) / members.length), new Float32Array(labels.length));
      const expected = meanLog.map(Math.exp);
      const sum = expected.reduce((a, b) => a + b, 0);
      const got = predictProbabilities(merged, x);
      for (let i = 0; i < labels.length; i++)
        expect(Math.abs((got[i] ?? 0) - (expected[i] ?? 0) / sum)).toBeLessThan(1e-4);
    }
  });

  it('splits held-out data per label and language, deterministically', () => {
    const examples = corpus();
    const first = splitExamples(examples, 0.2, 3);
    const second = splitExamples(examples, 0.2, 3);
    expect(first).toEqual(second);
    expect(first.heldOut.length + first.train.length).toBe(examples.length);
    for (const label of ['account.balance', 'transfer.money', 'card.freeze', 'oos']) {
      for (const lang of ['en', 'zh'])
        expect(first.heldOut.some((e) => e.label === label && e.lang === lang)).toBe(true);
    }
  });

  it('keeps an utterance on its side of the split when the data grows', () => {
    const examples = corpus();
    const before = splitExamples(examples, 0.2, 3);
    const added: Example[] = Array.from({ length: 200 }, (_, i) => ({
      text: `new example number ${i} for the balance`,
      label: i % 2 ? 'account.balance' : 'oos',
      lang: 'en',
    }));
    const after = splitExamples([...added, ...examples], 0.2, 3);
    const heldAfter = new Set(after.heldOut);
    for (const e of before.heldOut) expect(heldAfter.has(e)).toBe(true);
    for (const e of before.train) expect(heldAfter.has(e)).toBe(false);
    // About a fifth of the additions are held out, and another seed splits differently.
    const newHeld = after.heldOut.filter((e) => added.includes(e)).length;
    expect(newHeld).toBeGreaterThan(20);
    expect(newHeld).toBeLessThan(60);
    expect(splitExamples(examples, 0.2, 4).heldOut).not.toEqual(before.heldOut);
  });

  it('parses RFC 4180 CSV with quotes, commas and CRLF, and names bad rows', () => {
    const parsed = parseCsv('label,text\r\n"transfer.money","send ""fifty"", please"\r\noos,hello there\r\n');
    expect(parsed).toEqual([
      { text: 'send "fifty", please', label: 'transfer.money', lang: 'en' },
      { text: 'hello there', label: 'oos', lang: 'en' },
    ]);
    expect(() => parseCsv('words,label\nx,y\n')).toThrow(/text/);
    expect(() => parseCsv('text,label\n,oos\n')).toThrow(/row 2/);
  });

  it('trains from a CSV with `teller train` and reports with `teller eval --json`', async () => {
    const csv = join(dir, 'train.csv');
    const rows = corpus();
    writeFileSync(csv, `text,label\n${rows.map((r) => `"${r.text}",${r.label}`).join('\n')}\n`);
    const out = join(dir, 'cli-model');
    const trainIo = capture();
    expect(await main(['train', '--csv', csv, '--out', out, '--epochs', '15'], trainIo)).toBe(0);
    expect(trainIo.stdout).toMatch(/model written to/);
    const evalIo = capture();
    expect(await main(['eval', '--model', out, '--csv', csv, '--json'], evalIo)).toBe(0);
    const report = JSON.parse(evalIo.stdout) as {
      accuracy: number;
      n: number;
      labels: Record<string, { precision: number; recall: number; f1: number }>;
    };
    expect(report.n).toBe(rows.length);
    expect(report.accuracy).toBeGreaterThan(0.8);
    expect(Object.keys(report.labels).sort()).toEqual([
      'account.balance',
      'card.freeze',
      'oos',
      'transfer.money',
    ]);
    for (const m of Object.values(report.labels)) {
      expect(m.f1).toBeGreaterThanOrEqual(0);
      expect(m.f1).toBeLessThanOrEqual(1);
    }
  });

  it('teller train --min-df trims rare n-grams and refuses a value below 1', async () => {
    const rows = corpus();
    const csv = join(dir, 'min-df.csv');
    writeFileSync(csv, `text,label\n${rows.map((r) => `"${r.text}",${r.label}`).join('\n')}\n`);
    const features = async (minDf: string): Promise<number> => {
      const io = capture();
      const args = ['train', '--csv', csv, '--out', join(dir, `min-df-${minDf}`), '--min-df', minDf];
      expect(await main([...args, '--epochs', '2', '--json'], io)).toBe(0);
      return (JSON.parse(io.stdout) as { features: number }).features;
    };
    expect(await features('2')).toBeLessThan(await features('1'));
    const bad = capture();
    expect(await main(['train', '--csv', csv, '--out', join(dir, 'x'), '--min-df', '0'], bad)).toBe(2);
    expect(bad.stderr).toMatch(/--min-df/);
  });

  it('refuses a model directory that is missing or not a Teller model, with a stable code', async () => {
    await expect(IntentModel.load(join(dir, 'nope'))).rejects.toMatchObject({
      code: 'TELLER_ERR_MODEL_INVALID',
    });
  });
});
