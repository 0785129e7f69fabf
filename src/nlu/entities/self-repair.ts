/**
 * Self-repair: something said and taken back on the spot ("fifty no sorry sixty", "bob li i mean
 * maria", "from savings i mean checking", "一百，不对，两百"). What follows the taking back is what
 * the customer means.
 */

/**
 * Words that take back what was just said. Not "i meant to" ("i paid bob chen when i meant to pay
 * bob li": the payment to recall went to bob chen), though "i meant bob li" is one, "rather than" ("savings rather than checking")
 * or 改成 ("把备注妈妈改成王芳" renames 妈妈): each changed an entity of the NLU data wrongly.
 */
export const TAKES_BACK =
  /\b(no|nope|sorry|i mean|i meant(?! to\b)|wait|actually|make (that|it)|or rather|correction|scratch that|strike that|oops|whoops|my bad|or should i say|change (that|it) to)\b|不对|哦不|啊不|噢不|呃不|嗯不|不不|我是说|说错了|应该是|更正|错了|算了|等等|等一下|(?<=[，,、。；;\s…])(?:嗯[，,\s]*)?还是(?!不)|(?<=[，,、。；;\s…]|\.\.\.)不是(?=[，,、。；;\s…]|\.\.\.)|(?<=[，,、。；;\s…]|\.\.\.)不(?=[，,、。；;\s…]|\.\.\.)/;

/** "i sent 500 when i meant 50", "i paid bob chen by mistake i meant bob li": what went wrong, not a correction. */
const PAST_MOVE = /\b(sent|paid|transferred|wired|moved|gave|went|charged|took)\b/;

/** Whether the words `between` two mentions take the first back (`before`: the text before both). */
export function takesBack(between: string, before: string): boolean {
  const m = TAKES_BACK.exec(between);
  if (!m) return false;
  return !(m[0] === 'i meant' && PAST_MOVE.test(before + between.slice(0, m.index)));
}

/** A denial right before a mention ("not fifty, sixty", "不是一百，是两百"). */
export const DENIED = /(\bnot|不是|不要)\s*$/;

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
    if (m[0] === 'i meant' && PAST_MOVE.test(lower.slice(0, m.index))) continue;
    at = m.index + m[0].length;
  }
  if (at === undefined || /^[\s,.;!?，。、]*(not|不是)/.test(lower.slice(at))) return undefined;
  return at;
}
