import type { Lang } from '../shared/index.ts';
import { formatDate } from './format.ts';

/**
 * Everything the agent says, in English and Mandarin. Templates fill `{name}` from params; a
 * missing param renders empty. Keep sentences short and speakable: they are read by TTS.
 * `elderly` variants are shorter still (the elderly style).
 */
export type Params = Readonly<Record<string, string | number | undefined>>;

interface Entry {
  readonly en: string;
  readonly zh: string;
  readonly elderly?: { readonly en: string; readonly zh: string };
}

export const MESSAGES = {
  // Session
  greeting: {
    en: "Hi {name}, I'm Teller, your banking assistant. How can I help?",
    zh: '{name}您好，我是您的语音银行助手，请问有什么可以帮您？',
  },
  'greeting.phone': {
    en: "Thanks for calling, {name}. I'm Teller, your banking assistant. How can I help?",
    zh: '{name}您好，感谢致电，我是您的语音银行助手，请问有什么可以帮您？',
  },
  'anything.else': { en: 'Anything else I can help with?', zh: '还有什么可以帮您？' },
  'no.match.1': {
    en: 'Sorry, I didn\'t get that. You can say, for example, "{example}".',
    zh: '抱歉，我没听明白。您可以这样说：“{example}”。',
  },
  'no.match.2': {
    en: 'I can help with balances and transactions, transfers, card payments and card problems, bills and top-ups, and finding branches and ATMs. What would you like to do?',
    zh: '我可以帮您查余额和明细、转账、信用卡还款和卡片问题、缴费充值，以及查找网点和取款机。请问您想办理什么？',
  },
  'suggest.intent': {
    en: "Sorry, I'm not sure I got that. Did you mean: {titleEn}?",
    zh: '抱歉，我不太确定您的意思。您是想办理“{titleZh}”吗？',
  },
  'suggest.no': { en: 'Sorry about that. What would you like to do?', zh: '抱歉。请问您想办理什么业务？' },
  'no.match.slot': { en: "Sorry, I didn't catch that.", zh: '抱歉，我没听清。' },
  handoff: {
    en: "I'll connect you to a colleague now. One moment please.",
    zh: '正在为您转接人工客服，请稍候。',
  },
  'handoff.offer': { en: 'Would you like me to connect you to a colleague?', zh: '需要为您转接人工客服吗？' },
  goodbye: { en: 'Thanks for banking with us. Goodbye!', zh: '感谢您的使用，再见！' },
  'no.input.repeat': { en: 'Are you still there?', zh: '您还在吗？' },
  'no.input.end': {
    en: "I haven't heard anything, so I'll end our conversation now. Goodbye.",
    zh: '一直没有听到您的声音，本次服务先到这里，再见。',
  },
  'idle.end': {
    en: "We haven't spoken for a while, so I'll end our conversation. Goodbye.",
    zh: '长时间没有操作，本次服务先结束了，再见。',
  },
  help: {
    en: 'I can tell you your balances and recent transactions, send money, pay your card or your bills, top up a phone, freeze or unfreeze a card, and find branches and ATMs. Just say what you need.',
    zh: '我可以帮您查余额和交易明细、转账、信用卡还款、缴费、手机充值、冻结或解冻卡片，还能查找网点和取款机。请直接说出您的需求。',
  },
  thanks: { en: "You're welcome.", zh: '不客气。' },
  'greet.reply': { en: 'Hello! How can I help?', zh: '您好！请问有什么可以帮您？' },
  wait: { en: 'Sure, take your time.', zh: '好的，您慢慢来。' },
  slower: { en: "Sure, I'll speak more slowly.", zh: '好的，我会说慢一点。' },
  'switched.en': { en: "Sure, let's continue in English.", zh: "Sure, let's continue in English." },
  'switched.zh': { en: '好的，我们用中文继续。', zh: '好的，我们用中文继续。' },
  'languages.offered': {
    en: 'I speak English and Mandarin Chinese. Say which one you would like.',
    zh: '我会说普通话和英语，您想用哪种都可以。',
  },
  'what.next': { en: 'OK. What would you like to do?', zh: '好的，请问您想办理什么业务？' },
  'confirm.yes.no': { en: 'Please say yes or no.', zh: '请说“确认”或“取消”。' },
  'confirm.unsure': {
    en: "No problem. I'll only go ahead on a clear yes; say no if you'd rather not.",
    zh: '没关系。您明确说“确认”我才会办理，不想办理请说“取消”。',
  },
  'wait.bank': { en: 'One moment, please.', zh: '请稍等。' },
  'multi.first': {
    en: "You asked for two things; I'll do them one at a time. First:",
    zh: '您说了两件事，我一件一件办。先办第一件：',
  },
  'multi.twice': {
    en: "That's two payments; I'll do them one at a time. First:",
    zh: '这是两笔，我一笔一笔办。先办第一笔：',
  },
  'multi.next': { en: 'Now your other request.', zh: '接下来办您说的另一件。' },
  'multi.dropped': {
    en: "I've left your other request too. Say it again if you still want it.",
    zh: '您说的另一件也先不办了，需要的话请再说一次。',
  },
  'task.unknown_outcome': {
    en: "Sorry, I couldn't get an answer from the bank, so I can't tell whether that went through. Please check your recent activity. If you ask me for the same thing again, it won't be done twice.",
    zh: '抱歉，银行系统暂时没有回应，无法确认这笔业务是否已经办理，请先查看一下最近的交易记录。如果您再次办理同一笔业务，不会重复办理。',
  },
  'task.already_done': {
    en: "Your earlier request had gone through after all, so I haven't done it again.",
    zh: '您之前的那笔业务其实已经办理成功，这次没有重复办理。',
  },
  'task.error': {
    en: 'Sorry, something went wrong on our side, and nothing was done. Please try again.',
    zh: '抱歉，系统出了点问题，本次操作没有完成，请稍后再试。',
  },
  'stepup.remind': {
    en: 'Please confirm on your phone, or say cancel.',
    zh: '请在手机上完成验证，或者说“取消”。',
  },
  'no.stepup.device': {
    en: "There's no registered device to verify you with, so I can't do that here.",
    zh: '您还没有绑定可用于验证的设备，无法在这里办理。',
  },
  cancelled: {
    en: "OK, I've cancelled that. Nothing was sent.",
    zh: '好的，已为您取消，没有进行任何转账或扣款。',
  },
  'cancelled.change': {
    en: "OK, I've cancelled that. Nothing was changed.",
    zh: '好的，已为您取消，没有做任何更改。',
  },
  'nothing.to.cancel': { en: "OK. There's nothing in progress.", zh: '好的，目前没有进行中的业务。' },
  'nothing.to.go.back': { en: "There's no earlier step to go back to.", zh: '已经是第一步了。' },
  // Verification
  'pin.ask': {
    en: 'For your security, please say or key in your phone banking PIN.',
    zh: '为了您的账户安全，请说出或按键输入您的电话银行密码。',
  },
  'pin.wrong': { en: "That PIN didn't match. Please try again.", zh: '密码不正确，请再输入一次。' },
  'pin.locked': {
    en: "That PIN didn't match again, so I can't continue here.",
    zh: '密码多次输入错误，无法继续办理。',
  },
  'pin.locked_out': {
    en: "For your security, I can't check a PIN on this account by phone right now: there have been too many wrong ones. Let me connect you to a colleague.",
    zh: '为了您的账户安全，密码错误次数过多，暂时无法通过电话验证密码。我为您转接人工客服。',
  },
  'pin.ok': { en: "Thanks, you're verified.", zh: '验证通过，谢谢。' },
  'stepup.ask': {
    en: "Please confirm it's you with your fingerprint or face on your phone.",
    zh: '请在手机上用指纹或面容确认是您本人操作。',
  },
  'stepup.failed': {
    en: "I couldn't verify it's you, so I haven't sent anything.",
    zh: '身份验证未通过，没有进行任何转账或扣款。',
  },
  'stepup.failed.change': {
    en: "I couldn't verify it's you, so I haven't made that change.",
    zh: '身份验证未通过，没有做任何更改。',
  },
  'stepup.cancelled': {
    en: "You cancelled the verification, so I haven't done it. Nothing was sent.",
    zh: '您取消了身份验证，本次操作已取消，没有进行任何转账或扣款。',
  },
  'stepup.cancelled.change': {
    en: "You cancelled the verification, so I haven't made that change.",
    zh: '您取消了身份验证，本次操作已取消，没有做任何更改。',
  },
} as const satisfies Record<string, Entry>;

const registry: Record<string, Entry> = { ...MESSAGES };

/** Adds message entries (stages register their own catalogues at import). */
export function registerMessages(entries: Readonly<Record<string, Entry>>): void {
  for (const [key, entry] of Object.entries(entries)) {
    if (registry[key]) throw new Error(`duplicate message key ${key}`);
    registry[key] = entry;
  }
}

export function hasMessage(key: string): boolean {
  return registry[key] !== undefined;
}

/** Renders a message in a language; `{x}` placeholders take params (absent → empty). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function render(key: string, params: Params, lang: Lang, elderly = false): string {
  const entry = registry[key];
  if (!entry) throw new Error(`unknown message ${key}`);
  const template = elderly && entry.elderly ? entry.elderly[lang] : entry[lang];
  return template
    .replace(/\{(\w+)\}/g, (_m, name: string) => {
      const v = params[name];
      // A date handed over as the bank keeps it ("2026-12-01") is said as a date ("Tuesday, December 1").
      if (typeof v === 'string' && ISO_DATE.test(v)) return formatDate(v, lang);
      return v === undefined ? '' : String(v);
    })
    .replace(/\s+([,.?!])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
