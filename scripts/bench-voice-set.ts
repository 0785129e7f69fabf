/**
 * The utterances of `npm run bench:voice`: what a bank customer says to Teller, written for this
 * benchmark and checked not to be NLU training examples (data/nlu/en/*.yaml, out-of-scope ones
 * included). Requests cover the common intents; answers are said in the dialog state they answer,
 * which typed setup turns put the demo customer's session in (Alice: payees Bob Li, Bob Chen,
 * Maria Garcia, Mom, Greenwood Properties). Some requests come from scripts/asr-eval-set.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { spokenVariants, writtenTokens } from '../src/asr/spoken-text.ts';

/**
 * What the dialog must make of an utterance. `intent` is the NLU's intent as the dialog reports it
 * (`understood` event); every other key is a value the turn must carry: a normalised slot
 * (`amount: '250.00'`, `payee: 'bob-chen'`, `card`, `biller`, `account`, `toAccount`) or an entity
 * (`digits`, `frequency`, `termMonths`, `amountOption`).
 */
export type Expectation = Readonly<Record<string, string>>;

export interface VoiceCase {
  readonly text: string;
  readonly kind: 'request' | 'answer';
  readonly expect: Expectation;
  /** Typed turns that put the session in the state this answers (none: an open request). */
  readonly setup: readonly string[];
  readonly channel: 'app' | 'phone';
}

const request = (intent: string, ...texts: string[]): VoiceCase[] =>
  texts.map((text) => ({ text, kind: 'request', expect: { intent }, setup: [], channel: 'app' }));

const answers = (setup: string[], pairs: [string, Expectation][], channel: 'app' | 'phone' = 'app') =>
  pairs.map(([text, expect]): VoiceCase => ({ text, kind: 'answer', expect, setup, channel }));

/** Open requests (the dialog awaits nothing: the domain language model listens). */
// prettier-ignore
const REQUESTS: readonly VoiceCase[] = [
  ...request('account.balance', 'how much money do i have in checking', 'tell me my account balance please', 'check my balance please'),
  ...request('account.transactions', 'show me my last five transactions', 'what were my most recent purchases'),
  ...request('account.spending', 'what did i spend on groceries last month', 'how much did i spend at restaurants in october'),
  ...request('account.statement', 'email me my bank statement for last month'),
  ...request('account.details', 'what is my checking account number'),
  ...request('account.interest', 'how much interest did my savings earn this year'),
  ...request('account.open', 'i would like to open another savings account'),
  ...request('account.close', 'i want to shut down my checking account'),
  ...request('bill.pay', 'i need to pay my electricity bill', 'pay the water bill from my checking account'),
  ...request('bill.list', 'which of my bills are due this week'),
  ...request('bill.history', 'when did i last pay the internet bill'),
  ...request('card.bill', 'what do i owe on my visa this month'),
  ...request('card.repay', 'pay off my credit card balance', 'make a payment on my visa card'),
  ...request('card.freeze', 'freeze my debit card please', 'put a temporary lock on my credit card'),
  ...request('card.unfreeze', 'unfreeze my visa card', 'please switch my debit card back on'),
  ...request('card.report_lost', 'i think my card was stolen', 'i lost my wallet with all my cards'),
  ...request('card.activate', 'activate the new card that came in the mail'),
  ...request('card.change_pin', 'i want to change the pin on my debit card'),
  ...request('card.forgot_pin', 'i forgot the pin number for my card'),
  ...request('card.limit', 'what is the credit limit on my visa'),
  ...request('card.limit_increase', 'can you increase my credit limit'),
  ...request('card.replace', 'my card is bent and i need a new one'),
  ...request('card.dispute', 'i want to dispute a charge from amazon'),
  ...request('card.declined', 'why did my card get declined at the store'),
  ...request('card.list', 'which cards do i have with you'),
  ...request('card.rewards', 'how many reward points have i got'),
  ...request('card.travel_notice', 'i am going to france next week and will use my card there'),
  ...request('dialog.agent', 'talk to a real person', 'connect me with somebody at the bank'),
  ...request('dialog.help', 'what can you help me with'),
  ...request('dialog.repeat', 'sorry could you say that again'),
  ...request('dialog.goodbye', "that's all for today goodbye"),
  ...request('dialog.thanks', 'thank you very much'),
  ...request('dialog.greet', 'hi there good morning'),
  ...request('rates.exchange', 'what is the exchange rate for euros today', 'how many yen do i get for one dollar'),
  ...request('fx.exchange', 'i want to buy five hundred euros'),
  ...request('loan.balance', 'how much do i still owe on my car loan'),
  ...request('loan.payment_due', 'when is my next car loan payment due'),
  ...request('loan.repay', 'make a payment on my car loan'),
  ...request('loan.apply', 'i would like to apply for a personal loan'),
  ...request('loan.mortgage', 'i am thinking about getting a mortgage for a house'),
  ...request('payee.add', 'add a new payee called james smith'),
  ...request('payee.list', 'who are my saved payees'),
  ...request('payee.remove', 'delete bob chen from my payees'),
  ...request('branch.find', 'where is the closest branch to me'),
  ...request('branch.hours', 'what time does the downtown branch close'),
  ...request('branch.phone', 'what is the phone number for my branch'),
  ...request('atm.find', 'where is the closest atm'),
  ...request('profile.view', 'what contact details do you have for me'),
  ...request('profile.update_address', 'i just moved house so my address has changed'),
  ...request('profile.update_phone', 'i got a new phone number'),
  ...request('deposit.open', 'open a twelve month term deposit'),
  ...request('deposit.rates', 'what rate do you pay on term deposits'),
  ...request('security.fraud_report', 'i want to report fraud on my account'),
  ...request('security.reset_password', 'i forgot my online banking password'),
  ...request('security.phishing', 'i got a strange text asking for my password'),
  ...request('app.login_help', 'i cannot log into the app'),
  ...request('service.fees', 'what fees do you charge on my account'),
  ...request('service.complaint', 'i would like to file a complaint about your service'),
  ...request('topup.mobile', 'top up my phone with twenty dollars', 'add thirty dollars of credit to my mobile'),
  ...request('transfer.money', 'send eighty dollars to maria garcia', 'pay bob chen sixty five dollars',
    'transfer one thousand five hundred dollars from savings to checking', 'i need to send my mom a hundred dollars',
    'i want to transfer four hundred dollars to my savings account'),
  ...request('transfer.recurring', 'set up a monthly transfer of two hundred dollars to my mom'),
  ...request('transfer.international', 'how do i send money to a bank in mexico'),
  ...request('transfer.status', 'did my transfer to bob go through'),
  ...request('transfer.list_scheduled', 'what payments do i have scheduled'),
  ...request('transfer.cancel', 'cancel the scheduled payment to my landlord'),
  ...request('transfer.limit', 'how much can i transfer in one day'),
  ...request('transfer.fees', 'is there a fee for sending money'),
  ...request('transfer.recall', 'i accidentally sent money to the wrong account'),
  ...request('wealth.products', 'what investment products do you offer'),
];

/** Answers, said in the state they answer; the state's grammar listens (grammars/en/states.yaml). */
// prettier-ignore
const ANSWERS: readonly VoiceCase[] = [
  // slot:amount
  ...answers(['send money to bob li'], [
    ['two hundred and fifty dollars', { amount: '250.00' }],
    ['fifteen hundred dollars', { amount: '1500.00' }],
    ['seventy five', { amount: '75.00' }],
    ['twelve dollars and fifty cents', { amount: '12.50' }],
    ['one thousand two hundred dollars', { amount: '1200.00' }],
    ['make it forty dollars', { amount: '40.00' }],
    ['three hundred and twenty', { amount: '320.00' }],
    ['ninety nine dollars', { amount: '99.00' }],
  ]),
  ...answers(['pay my credit card'], [
    ['the minimum payment', { amountOption: 'minimum' }],
    ['the full statement balance', { amountOption: 'statement' }],
  ]),
  // confirmation (a read-back)
  ...answers(['send fifty dollars to bob li'], [
    ['yes go ahead and send it', { intent: 'dialog.affirm' }],
    ['yes that is fine', { intent: 'dialog.affirm' }],
    ["that's correct", { intent: 'dialog.affirm' }],
    ['sure do it', { intent: 'dialog.affirm' }],
    ['no do not send it', { intent: 'dialog.deny' }],
    ['no that is not right', { intent: 'dialog.deny' }],
    ['no make it three hundred', { amount: '300.00' }],
    ['send it to bob chen instead', { payee: 'bob-chen' }],
  ]),
  // slot:payee
  ...answers(['send fifty dollars'], [
    ['maria garcia', { payee: 'maria' }],
    ['my mom', { payee: 'mom' }],
    ['greenwood properties', { payee: 'landlord' }],
  ]),
  // disambiguation: "I found Bob Chen … or Bob Li …"
  ...answers(['send fifty dollars to bob'], [
    ['bob chen', { payee: 'bob-chen' }],
    ['bob li', { payee: 'bob' }],
    ['the second one', { payee: 'bob' }],
  ]),
  ...answers(['freeze my card'], [
    ['the debit card', { card: 'debit' }],
    ['the platinum visa', { card: 'visa' }],
  ]),
  ...answers(['pay a bill'], [
    ['city power', { biller: 'power' }],
    ['the water bill', { biller: 'water' }],
  ]),
  // slot:account; an own account where a payee is asked (the demo customer has no foreign
  // account, so no exchange reaches slot:toAccount: "five hundred euros" is asked again)
  ...answers(['transfer a hundred dollars', 'savings'], [['everyday checking', { account: 'checking' }]]),
  ...answers(['move two hundred dollars from checking'], [['savings', { toAccount: 'savings' }]]),
  // slot:frequency, slot:term
  ...answers(['set up a recurring transfer of one hundred dollars to mom'], [
    ['every two weeks', { frequency: 'biweekly' }],
    ['once a month', { frequency: 'monthly' }],
  ]),
  ...answers(['open a term deposit', 'one thousand dollars'], [
    ['six months', { termMonths: '6' }],
    ['three years', { termMonths: '36' }],
  ]),
  // slot:digits (a new payee's account ending)
  ...answers(['add a payee', 'james smith'], [
    ['two four six eight', { digits: '2468' }],
    ['nine oh one two', { digits: '9012' }],
    ['one three five seven', { digits: '1357' }],
  ]),
  // stepup on the phone: the PIN, spoken
  ...answers(['send fifty dollars to bob li'], [['two four six eight', { digits: '2468' }]], 'phone'),
];

/** Every in-domain utterance: open requests, then answers. */
export const IN_DOMAIN: readonly VoiceCase[] = [...REQUESTS, ...ANSWERS];

/** Out-of-domain sentences, said as open requests; none is in data/nlu/en/oos.yaml. */
// prettier-ignore
export const OUT_OF_DOMAIN: readonly string[] = [
  // after scripts/asr-eval-set.ts
  'how tall is the eiffel tower', 'who won the football game last night', 'tell me a joke about penguins',
  'what is the capital of australia', 'how do i make pancakes from scratch', 'turn off the lights in the kitchen',
  'play my favorite song', 'how far is the moon from the earth', 'what movies are playing this weekend',
  'book a table for two at an italian restaurant', 'translate good morning into spanish',
  'how many calories are in an apple', 'who wrote the great gatsby', 'is it going to snow in denver tomorrow',
  'find me a cheap flight to london', 'what is the meaning of life', 'my dog keeps barking at the neighbors',
  'how do you fix a leaking faucet', 'recommend a good science fiction book', 'what is the speed of light',
  // and more
  'set an alarm for six thirty tomorrow morning', 'what is the score of the baseball game',
  'how do i get rid of ants in my garden', 'order me a pizza with extra cheese', 'who painted the ceiling of the sistine chapel',
  'remind me to call the dentist on tuesday', 'what year did the second world war end',
  'how long should i boil an egg', 'what is a good name for a cat', 'turn the volume up a little',
  'how many players are there in a rugby team', 'when does the next train to boston leave',
];

const DATA_DIR = fileURLToPath(new URL('../data/nlu/en/', import.meta.url));

/** The sentences of the benchmark that are also NLU examples (written or spoken form), any intent. */
export function leakedIntoTraining(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const file of readdirSync(DATA_DIR).filter((f) => f.endsWith('.yaml'))) {
    const doc = parse(readFileSync(join(DATA_DIR, file), 'utf8')) as Record<string, unknown>;
    for (const examples of Object.values(doc)) {
      if (!Array.isArray(examples)) continue;
      for (const e of examples) {
        if (typeof e !== 'string') continue;
        seen.add(writtenTokens(e).join(' '));
        for (const v of spokenVariants(e)) seen.add(v);
      }
    }
  }
  return texts.filter((t) => seen.has(writtenTokens(t).join(' ')));
}
