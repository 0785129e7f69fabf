import type { Payee, TransferRequest } from '../../bank/index.ts';
import type { Understanding } from '../../nlu/index.ts';
import { formatDate } from '../../nlg/format.ts';
import { convertMinor, type Money } from '../../shared/index.ts';
import { accountById, rateOf } from '../customer.ts';
import { accountLabel, listOptions } from '../labels.ts';
import { fromMovement } from './outcome.ts';
import { amountSlot, money, sourceAccountSlot, spendable, overStepUpThreshold, today } from './slots.ts';
import type { ChangeInput, SlotContext, SlotDef, SlotRead, TaskSpec } from './spec.ts';

function payeeOf(ctx: SlotContext): Payee | undefined {
  return ctx.snapshot.payees.find((p) => p.id === ctx.values.payee);
}

const UNKNOWN_NAME_EN = /\b(?:to|for|pay|send)\s+([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)\s*$/;
const UNKNOWN_NAME_ZH =
  /(?:给|转给|付给|打给|收款人(?:是|改成|换成|改为)|改成|换成|改为)\s*([\u4e00-\u9fff]{2,4}|[a-z][a-z'-]*(?: [a-z][a-z'-]*)?)/;
/**
 * A yes and then only a name, at a read-back: "对，王五", "对，是王五". The name must start with a
 * common surname: of the 1,060 Mandarin yeses in the NLU data, 76 end in two or three other
 * characters ("是的请继续", "好的发吧"); with the surname test one is read as a name, "对就是张伟".
 */
const YES_THEN_NAME_ZH =
  /^(?:对|是的|是|好的|好|嗯|行|可以|没错)\s*(?:是|就是)?([王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤][\u4e00-\u9fff]{1,2})$/;
/** Han words after 给 / 是 that are not a name (王五 is): amounts, accounts, pronouns, yes-words, courtesies. */
const NOT_A_NAME_ZH =
  /^[零〇一二两三四五六七八九十百千万亿\d]|[百千万亿块元钱]|账户|卡$|^(?:的|我|你|您|他|她|它|这|那|谁|对|不|没|要|啊|呀|吧|好|行|可以|确认|确定|同意|继续|谢谢|麻烦|马上|现在|今天|明天|立刻|赶紧|快|辛苦|办|转|吗)/;
/**
 * Once a target is set (a correction, a yes at the read-back), a new one is named only after "to"
 * ("yes, send it to mallory instead"): "for sure", "thanks for asking" are not names there.
 */
const REDIRECT_EN = /\bto\s+([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)??)(?:\s+(?:instead|please|now))?\s*$/;
/** Words after "to" / "给" that are not a payee's name. (`\b` does not separate Han characters.) */
const NOT_A_NAME =
  /^(?:(?:my|me|the|it|him|her|them|savings|checking|account|that|this|do|be|go|pay|send|proceed|continue|some|money|cash|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|dollars?|bucks)\b|我|他|她)/;

/** A payee's name that the customer said and does not have ("to mallory", "转给王五"), as a refusal. */
function unknownPayee(u: Understanding, ctx: SlotContext): SlotRead {
  const e = u.entities;
  const text = u.text.toLowerCase().replace(/[.!?]/g, '').trim();
  const asked = ctx.asked === 'payee';
  const correcting = ctx.values.payee !== undefined || ctx.values.toAccount !== undefined;
  const zh = u.lang === 'zh' ? text.replace(/[，,。！!？?、\s]+/g, ' ').trim() : '';
  const zhName =
    UNKNOWN_NAME_ZH.exec(zh)?.[1] ??
    (correcting && !asked && !e.amount ? YES_THEN_NAME_ZH.exec(zh)?.[1] : undefined);
  const name =
    u.lang === 'zh'
      ? zhName && !NOT_A_NAME_ZH.test(zhName)
        ? zhName.replace(/[吧呢啊呀嘛]$/, '')
        : undefined
      : (correcting ? REDIRECT_EN : UNKNOWN_NAME_EN).exec(text)?.[1];
  const bareName =
    asked && /^[a-z][a-z' -]{1,40}$|^[\u4e00-\u9fff]{2,4}$/.test(text) && !e.amount ? text : undefined;
  const unknown = name ?? bareName;
  if (!unknown || NOT_A_NAME.test(unknown)) return { kind: 'none' };
  return payeeNotFound(unknown, ctx);
}

/** "I couldn't find {name} in your payees", with two names that are (or how to add one, with none). */
export function payeeNotFound(name: string, ctx: SlotContext): SlotRead {
  const examples = ctx.snapshot.payees.slice(0, 2).map((p) => p.name);
  return {
    kind: 'invalid',
    say: {
      // With no payees saved, no names to offer ("a name like ."): how to add one instead.
      key: examples.length > 0 ? 'invalid.payee.unknown' : 'invalid.payee.unknown.none',
      params: { name, examples: listOptions(examples, ctx.lang) },
    },
  };
}

/** Words that send the money somewhere else in an answer to a read-back ("yes, to maria instead"). */
const REDIRECTS_EN =
  /\b(to|pay|send|sending|instead|actually|rather|make it|change|switch|not|no|wait|sorry|i mean|i meant|oops)\b/;

/** Who the money goes to: a saved payee or one of the customer's own accounts ("to savings"). */
export function targetSlot(): SlotDef {
  return {
    name: 'payee',
    filled: (ctx) => ctx.values.payee !== undefined || ctx.values.toAccount !== undefined,
    read(u, ctx): SlotRead {
      const e = u.entities;
      // "Yes, that's for the rent, right": another payee named in a yes to the read-back (here by an
      // alias) without a word that redirects the money is no consent, and no change either.
      if (
        e.payee?.kind === 'one' &&
        ctx.values.payee !== undefined &&
        e.payee.id !== ctx.values.payee &&
        u.lang === 'en' &&
        u.intent === 'dialog.affirm' &&
        !REDIRECTS_EN.test(u.text.toLowerCase())
      ) {
        const id = e.payee.id;
        const named = ctx.snapshot.payees.find((p) => p.id === id)?.name ?? '';
        return { kind: 'invalid', say: { key: 'invalid.payee.mentioned', params: { name: named } } };
      }
      if (e.payee?.kind === 'one')
        return { kind: 'fill', values: { payee: e.payee.id, toAccount: undefined } };
      if (e.payee?.kind === 'ambiguous') {
        const options = e.payee.ids
          .map((id) => ctx.snapshot.payees.find((p) => p.id === id))
          .filter((p): p is Payee => p !== undefined)
          .map((p) => ({ id: `payee:${p.id}`, label: payeeOption(p, ctx.lang) }));
        return { kind: 'ambiguous', options };
      }
      const surname = u.lang === 'zh' ? /姓([\u4e00-\u9fff])/.exec(u.text)?.[1] : undefined;
      if (surname) {
        const family = ctx.snapshot.payees.filter((p) => p.name.startsWith(surname));
        if (family.length === 1 && family[0])
          return { kind: 'fill', values: { payee: family[0].id, toAccount: undefined } };
        if (family.length > 1)
          return {
            kind: 'ambiguous',
            options: family.map((p) => ({ id: `payee:${p.id}`, label: payeeOption(p, ctx.lang) })),
          };
      }
      // A filled payee is replaced only by an explicit new target ("to savings instead"); a name
      // that is not one of theirs is refused, so that a "yes" carrying it is no consent.
      const own = e.toAccount ?? (ctx.asked === 'payee' ? e.account : undefined);
      if (ctx.values.payee && !e.toAccount) return unknownPayee(u, ctx);
      if (own?.kind === 'one' && own.id !== ctx.values.account)
        return { kind: 'fill', values: { toAccount: own.id, payee: undefined } };
      if (own?.kind === 'ambiguous') {
        const options = own.ids
          .map((id) => accountById(ctx.snapshot, id))
          .filter((a) => a !== undefined)
          .map((a) => ({ id: `toAccount:${a.id}`, label: accountLabel(a, ctx.lang) }));
        return { kind: 'ambiguous', options };
      }
      return unknownPayee(u, ctx);
    },
    prompt: () => ({ key: 'ask.payee.transfer' }),
  };
}

/** A payee named in a "which one?" question: name and account last four, so either answer works. */
function payeeOption(p: Payee, lang: SlotContext['lang']): string {
  if (!p.last4) return p.name;
  return lang === 'zh' ? `${p.name}（尾号${p.last4}）` : `${p.name}, account ending ${p.last4}`;
}

function targetLabel(ctx: SlotContext): string {
  const payee = payeeOf(ctx);
  if (payee) return payee.name;
  const account = ctx.values.toAccount ? accountById(ctx.snapshot, ctx.values.toAccount) : undefined;
  return account ? accountLabel(account, ctx.lang) : '';
}

/**
 * The date a transfer runs or a standing order starts: read when said, else not asked; today or
 * later. A span ("next week") or a day gone by ("yesterday") is said to be so, and the day asked: a
 * transfer never goes today because the day said could not be used.
 */
export function dateSlot(): SlotDef {
  return {
    name: 'date',
    read(u, ctx) {
      const date = u.entities.date;
      const range = u.entities.dateRange;
      if (!date && range && range.to >= today(ctx))
        return {
          kind: 'fill',
          values: { dateRange: { from: range.from, to: range.to }, date: undefined, dateGone: undefined },
        };
      if (!date) return { kind: 'none' };
      if (date < today(ctx))
        return { kind: 'fill', values: { dateGone: date, date: undefined, dateRange: undefined } };
      return { kind: 'fill', values: { date, dateRange: undefined, dateGone: undefined } };
    },
    // Asked only when a span or a day gone by was said: which day, so it never goes today unasked.
    needed: (ctx) => ctx.values.dateRange !== undefined || ctx.values.dateGone !== undefined,
    prompt: (ctx) => {
      const range = ctx.values.dateRange;
      if (range)
        return {
          key: 'ask.date.range',
          params: {
            from: formatDate(range.from < today(ctx) ? today(ctx) : range.from, ctx.lang),
            to: formatDate(range.to, ctx.lang, today(ctx)),
          },
        };
      const gone = ctx.values.dateGone;
      return gone
        ? { key: 'ask.date.past', params: { date: formatDate(gone, ctx.lang) } }
        : { key: 'ask.date' };
    },
  };
}

function dateSuffix(ctx: SlotContext): string | undefined {
  const date = ctx.values.date;
  return date && date > today(ctx) ? formatDate(date, ctx.lang, today(ctx)) : undefined;
}

function credited(ctx: SlotContext): Money | undefined {
  const amount = ctx.values.amount;
  const target = ctx.values.toAccount ? accountById(ctx.snapshot, ctx.values.toAccount) : undefined;
  if (!amount || !target || target.currency === amount.currency) return undefined;
  const rate = rateOf(ctx.snapshot, amount.currency, target.currency);
  return rate ? convertMinor(amount, target.currency, rate) : undefined;
}

const sourceSlot: SlotDef = (() => {
  const base = sourceAccountSlot();
  return {
    ...base,
    // The source is never the target: "transfer 100 to checking" takes it from another account.
    autoFill(ctx) {
      const others = spendable(ctx.snapshot).filter(
        (a) => a.id !== ctx.values.toAccount && a.currency === (ctx.values.amount?.currency ?? a.currency),
      );
      if (ctx.values.toAccount && others.length === 1 && others[0]) return { account: others[0].id };
      if (ctx.values.toAccount) return undefined;
      return base.autoFill?.(ctx);
    },
    validate(ctx) {
      if (ctx.values.account && ctx.values.account === ctx.values.toAccount)
        return { key: 'invalid.account.same' };
      return base.validate?.(ctx);
    },
  };
})();

/** The bank transfer a transfer task asks for (a standing order adds its frequency). */
export function transferRequest({ customerId, values, idempotencyKey }: ChangeInput): TransferRequest {
  return {
    customerId,
    idempotencyKey,
    fromAccountId: values.account ?? '',
    to: values.payee ? { kind: 'payee', id: values.payee } : { kind: 'account', id: values.toAccount ?? '' },
    amount: values.amount ?? { amountMinor: 0, currency: 'USD' },
    ...(values.date ? { date: values.date } : {}),
  };
}

export const transferSpec: TaskSpec = {
  intent: 'transfer.money',
  kind: 'movement',
  example: { en: 'send 50 dollars to Bob', zh: '给张三转五百块' },
  slots: [
    targetSlot(),
    amountSlot({
      prompt: (ctx) => ({ key: 'ask.amount.transfer', params: { target: targetLabel(ctx) } }),
      countsToLimit: true,
    }),
    sourceSlot,
    dateSlot(),
  ],
  // Only money leaving to a payee steps up; moving between own accounts does not.
  needsStepUp: (ctx) => ctx.values.payee !== undefined && overStepUpThreshold(ctx),
  readBack(ctx) {
    const source = ctx.values.account ? accountById(ctx.snapshot, ctx.values.account) : undefined;
    const amount = ctx.values.amount;
    const params = {
      amount: amount && money(amount),
      source: source && accountLabel(source, ctx.lang),
      target: targetLabel(ctx),
      date: dateSuffix(ctx),
      credited: (() => {
        const c = credited(ctx);
        return c && money(c);
      })(),
    };
    if (ctx.values.payee)
      return {
        key: params.date ? 'readback.transfer.payee.dated' : 'readback.transfer.payee',
        params,
        accountData: true,
      };
    return {
      key: params.credited ? 'readback.transfer.fx' : 'readback.transfer.own',
      params,
      accountData: true,
    };
  },
  request: transferRequest,
  async execute(bank, input) {
    const { values, snapshot } = input;
    const result = await bank.transfer({ ...transferRequest(input), stepUp: input.stepUp });
    return fromMovement(result, (m) => {
      const target = values.payee
        ? snapshot.payees.find((p) => p.id === values.payee)?.name
        : snapshot.accounts.find((a) => a.id === values.toAccount)?.name;
      const params = { amount: money(m.amount), target, reference: m.reference, date: m.date };
      if (m.status === 'scheduled') return { key: 'done.transfer.scheduled', params };
      return { key: values.payee ? 'done.transfer.payee' : 'done.transfer.own', params };
    });
  },
};
