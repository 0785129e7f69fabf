import type { Account, Biller, Card, Payee } from '../bank/index.ts';
import type { Lang } from '../shared/index.ts';

/** How accounts, cards and payees are named in prompts: name plus last four digits. */
export function accountLabel(a: Account, lang: Lang): string {
  if (!a.last4) return a.name;
  return lang === 'zh' ? `${a.name}（尾号${a.last4}）` : `${a.name} ending ${a.last4}`;
}

export function cardLabel(c: Card, lang: Lang): string {
  return lang === 'zh' ? `${c.name}（尾号${c.last4}）` : `${c.name} ending ${c.last4}`;
}

export function payeeLabel(p: Payee): string {
  return p.name;
}

export function billerLabel(b: Biller): string {
  return b.name;
}

/** "A, B or C" / "A、B还是C". */
export function listOptions(labels: readonly string[], lang: Lang): string {
  if (labels.length <= 1) return labels[0] ?? '';
  const head = labels.slice(0, -1);
  const last = labels[labels.length - 1] ?? '';
  return lang === 'zh' ? `${head.join('、')}还是${last}` : `${head.join(', ')} or ${last}`;
}
