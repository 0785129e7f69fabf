import type { Movement } from '../../bank/index.ts';
import { formatMoney } from '../../nlg/index.ts';
import { parseDecimal } from '../../shared/index.ts';
import { frequencyPhrase, partyLabel, type Parties } from './parties.ts';
import {
  accountSay,
  joinItems,
  joinNames,
  longDate,
  MAX_SPOKEN_ITEMS,
  phrase,
  refIds,
  shortDate,
  todayOf,
} from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

async function parties(input: AnswerInput): Promise<Parties> {
  const [accounts, cards, payees, billers] = await Promise.all([
    input.bank.listAccounts(input.customerId),
    input.bank.listCards(input.customerId),
    input.bank.listPayees(input.customerId),
    input.bank.listBillers(input.customerId),
  ]);
  return { accounts, cards, payees, billers };
}

const CHANGE =
  /\b(change|raise|increase|lower|decrease|higher|adjust|bump|set)\b|提高|调高|调低|调整|修改|提升|增加|降低|更改/;

/**
 * transfer.limit: the daily limit, what was used today and what remains, or that there is none.
 * Changing the limit is not something the agent does (it loosens a fraud control), so a request to
 * change it is pointed to the app and offered a colleague.
 */
export async function transferLimit(input: AnswerInput): Promise<Answer> {
  const limit = await input.bank.getDailyLimit(input.customerId);
  const says = [
    limit && limit.usedToday.amountMinor === 0
      ? accountSay('answer.transfer.limit.unused', { limit: formatMoney(limit.limit) })
      : limit
        ? accountSay('answer.transfer.limit', {
            limit: formatMoney(limit.limit),
            used: formatMoney(limit.usedToday),
            remaining: formatMoney(limit.remaining),
          })
        : accountSay('answer.transfer.limit.none'),
  ];
  if (!CHANGE.test(input.utterance.text.toLowerCase())) return { says };
  return { says: [...says, accountSay('answer.transfer.limit.change')], offerHandoff: true };
}

function sameAmount(m: Movement, value: string | undefined): boolean {
  if (value === undefined) return true;
  const parsed = parseDecimal(value, m.amount.currency);
  return parsed.ok && parsed.value === m.amount.amountMinor;
}

/**
 * transfer.status: the latest transfer, or the latest matching the payee (or own account), amount
 * and date said: amount, destination, date, status and reference.
 */
export async function transferStatus(input: AnswerInput): Promise<Answer> {
  const e = input.utterance.entities;
  const [movements, p] = await Promise.all([input.bank.listMovements(input.customerId, 200), parties(input)]);
  const targets = [...refIds(e.payee), ...refIds(e.toAccount)];
  const range = e.dateRange;
  const latest = movements.find(
    (m) =>
      m.kind === 'transfer' &&
      (targets.length === 0 || (m.to.kind !== 'topup' && targets.includes(m.to.id))) &&
      sameAmount(m, e.amount?.value) &&
      (!range || (m.date >= range.from && m.date <= range.to)),
  );
  if (!latest) {
    const [a, b] = p.payees.filter((x) => targets.includes(x.id)).map((x) => x.name);
    // "bob" fits Bob Li and Bob Chen: neither has a transfer, so both are named.
    const payee =
      a === undefined ? undefined : b === undefined ? a : phrase('answer.or', { a, b }, input.lang);
    return {
      says: [
        payee === undefined
          ? accountSay('answer.transfer.status.none')
          : accountSay('answer.transfer.status.none_to', { payee }),
      ],
    };
  }
  return {
    says: [
      accountSay(`answer.transfer.status.${latest.status}`, {
        amount: formatMoney(latest.amount),
        to: partyLabel(latest.to, p, input.lang),
        date: longDate(latest.date, input.lang, todayOf(input)),
        repeat: latest.frequency
          ? phrase('answer.transfer.repeat', { frequency: frequencyPhrase(latest, input.lang) }, input.lang)
          : undefined,
        reference: latest.reference,
      }),
    ],
  };
}

/** transfer.list_scheduled: future-dated and recurring transfers (at most 5 read), optionally to one payee. */
export async function scheduledTransfers(input: AnswerInput): Promise<Answer> {
  const targets = [...refIds(input.utterance.entities.payee), ...refIds(input.utterance.entities.toAccount)];
  const [scheduled, p] = await Promise.all([input.bank.listScheduled(input.customerId), parties(input)]);
  const shown = scheduled.filter(
    (m) =>
      m.kind === 'transfer' && (targets.length === 0 || (m.to.kind !== 'topup' && targets.includes(m.to.id))),
  );
  if (shown.length === 0) return { says: [accountSay('answer.transfer.scheduled.none')] };
  const today = todayOf(input);
  const items = shown.map((m) => {
    const params = {
      amount: formatMoney(m.amount),
      to: partyLabel(m.to, p, input.lang),
      date: shortDate(m.date, input.lang, today),
      frequency: frequencyPhrase(m, input.lang),
    };
    return phrase(
      m.frequency ? 'answer.transfer.scheduled.item.recurring' : 'answer.transfer.scheduled.item',
      params,
      input.lang,
    );
  });
  const key =
    shown.length === 1
      ? 'answer.transfer.scheduled.one'
      : shown.length > MAX_SPOKEN_ITEMS
        ? 'answer.transfer.scheduled.more'
        : 'answer.transfer.scheduled';
  return { says: [accountSay(key, { count: shown.length, items: joinItems(items, input.lang) })] };
}

/** payee.list: the saved payees' names (at most 5 read, then how many more). */
export async function payeeList(input: AnswerInput): Promise<Answer> {
  const payees = await input.bank.listPayees(input.customerId);
  if (payees.length === 0) return { says: [accountSay('answer.payee.list.none')] };
  return {
    says: [
      accountSay(payees.length === 1 ? 'answer.payee.list.one' : 'answer.payee.list', {
        count: payees.length,
        names: joinNames(
          payees.map((x) => x.name),
          input.lang,
        ),
      }),
    ],
  };
}
