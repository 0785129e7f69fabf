/**
 * Self-repair: something said and taken back on the spot ("fifty no sorry sixty", "bob li i mean
 * maria", "from savings i mean checking", "一百，不对，两百"). What follows the taking back is what
 * the customer means.
 */

/**
 * Words that take back what was just said. Not "i meant" ("i paid bob chen when i meant to pay
 * bob li": the payment to recall went to bob chen), "rather than" ("savings rather than checking")
 * or 改成 ("把备注妈妈改成王芳" renames 妈妈): each changed an entity of the NLU data wrongly.
 */
export const TAKES_BACK =
  /\b(no|nope|sorry|i mean|wait|actually|make (that|it)|or rather|correction|scratch that)\b|不对|哦不|啊不|噢不|呃不|嗯不|我是说|说错了|应该是|更正|错了|(?<=[，,、。；;\s…]|\.\.\.)不(?=[，,、。；;\s…]|\.\.\.)/;

/** A denial right before a mention ("not fifty, sixty", "不是一百，是两百"). */
export const DENIED = /(\bnot|不是)\s*$/;

/**
 * Where what replaces a taken-back mention starts: just after the last words that take something
 * back and have something before them; undefined when nothing was taken back. A denial right
 * after them ("bob, no, not maria") takes nothing back.
 */
export function takenBackAt(text: string): number | undefined {
  const lower = text.toLowerCase();
  let at: number | undefined;
  for (const m of lower.matchAll(new RegExp(TAKES_BACK.source, 'g'))) {
    if (lower.slice(0, m.index).trim() === '') continue;
    at = m.index + m[0].length;
  }
  if (at === undefined || /^[\s,.;!?，。、]*(not|不是)/.test(lower.slice(at))) return undefined;
  return at;
}
