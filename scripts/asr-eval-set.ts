/**
 * Held-out English utterances for the ASR benchmark (scripts/asr-eval.ts): banking requests written
 * for this set, not taken from data/nlu (asr-eval checks), each with the grammar the dialog would
 * listen with, and out-of-domain sentences the recogniser should reject.
 */
import type { GrammarSpec } from '../src/asr/grammar.ts';

/** One utterance: what is said, and the grammar the dialog would use for it. */
export interface EvalUtterance {
  readonly text: string;
  readonly grammar: GrammarSpec;
}

const PAYEES = ['bob li', 'bob chen', 'maria garcia', 'alice wong', 'my landlord', 'mom'];
const ACCOUNTS = ['everyday checking', 'savings', 'business account', 'travel card', 'platinum visa'];

const free: GrammarSpec = { kind: 'free' };

/** Open requests, decoded with the domain language model. */
// prettier-ignore
export const FREE_TEXTS = [
  'send eighty dollars to maria garcia',
  'i want to transfer four hundred dollars to my savings account',
  'pay bob chen sixty five dollars',
  'how much money do i have in checking',
  'show me my last five transactions',
  'what did i spend on groceries last month',
  'i need to pay my electricity bill',
  'pay the water bill from my checking account',
  'when do i have to pay my credit card',
  'pay off my credit card balance',
  'freeze my debit card please',
  'i think my card was stolen',
  'unfreeze my visa card',
  'activate the new card that came in the mail',
  'i want to change the pin on my debit card',
  'what is the exchange rate for euros today',
  'where is the closest atm',
  'what time does the downtown branch close',
  'set up a monthly transfer of two hundred dollars to my mom',
  'cancel the scheduled payment to my landlord',
  'add a new payee called james smith',
  'remove alice from my payees',
  'top up my phone with twenty dollars',
  'how much do i still owe on my car loan',
  'open a twelve month term deposit',
  'i want to report a suspicious transaction',
  'can you increase my credit limit',
  'how much more can i put on my credit card',
  'send the rent to my landlord on friday',
  'transfer one thousand five hundred dollars from savings to checking',
  'talk to a real person',
  'what can you help me with',
  'check my balance please',
  'did my paycheck come in yet',
  'i lost my wallet with all my cards',
];

/** Slot answers and read-back answers, decoded with their grammar. */
const SLOT_UTTERANCES: readonly EvalUtterance[] = [
  ...[
    'yes go ahead and send it',
    'yes that is fine',
    'no do not send it',
    'no that is not right',
    "that's correct",
  ].map((text) => ({
    text,
    grammar: { kind: 'confirmation', options: [...PAYEES, ...ACCOUNTS] } as const,
  })),
  ...['no make it three hundred', 'send it to bob chen instead', 'from savings instead'].map((text) => ({
    text,
    grammar: { kind: 'confirmation', options: [...PAYEES, ...ACCOUNTS] } as const,
  })),
  ...[
    'two hundred and fifty dollars',
    'fifteen hundred dollars',
    'seventy five',
    'twelve dollars and fifty cents',
    'the minimum payment',
    'one thousand two hundred dollars',
    'make it forty dollars',
  ].map((text) => ({ text, grammar: { kind: 'amount' } as const })),
  ...['two four six eight', 'one three five seven nine', 'nine oh one two', 'double five three one'].map(
    (text) => ({
      text,
      grammar: { kind: 'digits', minDigits: 4, maxDigits: 6 } as const,
    }),
  ),
  ...[
    'bob li',
    'bob chen',
    'maria garcia',
    'the second one',
    'the one ending in four three two one',
    'alice wong',
  ].map((text) => ({ text, grammar: { kind: 'choice', options: PAYEES } as const })),
  ...['savings', 'everyday checking'].map((text) => ({
    text,
    grammar: { kind: 'choice', options: ACCOUNTS } as const,
  })),
];

/** In-domain utterances: open requests, then slot answers. */
export const IN_DOMAIN: readonly EvalUtterance[] = [
  ...FREE_TEXTS.map((text) => ({ text, grammar: free })),
  ...SLOT_UTTERANCES,
];

/** Out-of-domain sentences (not from data/nlu/en/oos.yaml either). */
// prettier-ignore
export const OUT_OF_DOMAIN: readonly string[] = [
  'how tall is the eiffel tower',
  'who won the football game last night',
  'tell me a joke about penguins',
  'what is the capital of australia',
  'how do i make pancakes from scratch',
  'turn off the lights in the kitchen',
  'play my favorite song',
  'how far is the moon from the earth',
  'what movies are playing this weekend',
  'book a table for two at an italian restaurant',
  'translate good morning into spanish',
  'how many calories are in an apple',
  'who wrote pride and prejudice',
  'is it going to snow in denver tomorrow',
  'find me a cheap flight to london',
  'what is the meaning of life',
  'my dog keeps barking at the neighbors',
  'how do you fix a leaking faucet',
  'recommend a good science fiction book',
  'what is the speed of light',
];

/** Out-of-domain sentences said where the dialog expects a slot answer (grammar rejection). */
export const OUT_OF_GRAMMAR: readonly EvalUtterance[] = [
  { text: 'what is the weather like today', grammar: { kind: 'amount' } },
  { text: 'i would like a pizza with mushrooms', grammar: { kind: 'confirmation', options: PAYEES } },
  { text: 'tell me about the history of rome', grammar: { kind: 'digits', minDigits: 4, maxDigits: 6 } },
  { text: 'how tall is the eiffel tower', grammar: { kind: 'choice', options: PAYEES } },
];

/**
 * Open requests naming the demo customer's own payees, billers, accounts and cards (worlds/demo.yaml),
 * the kind the banking LM has seen least; for tuning how speech the recogniser doubts is rescued
 * (scripts/asr-nlu-rescue.ts).
 */
// prettier-ignore
export const NAMING_TEXTS = [
  'pay city power ninety dollars',
  'okay send eleven hundred dollars to my mom',
  'send six hundred dollars to leo park',
  'transfer thirteen hundred dollars to my landlord',
  'pay my property fee to greenwood hoa',
  'send forty dollars to bob li for dinner',
  'can you pay spectrum internet for me',
  'i need to pay verizon wireless fifty five dollars',
  'pay the columbia university tuition bill',
  'send two hundred and fifty dollars to maria garcia tomorrow',
  'move five hundred from savings into everyday checking',
  'what do i owe on the platinum visa',
  'lock my debit mastercard right now',
  'pay nyc water from my checking account',
  'how much did i pay greenwood properties last month',
  'send bob chen thirty dollars',
  'pay my taxes to the nys tax department',
  'what is the balance on my car loan',
  'transfer a thousand dollars to my mother on friday',
  'pay the rent to my landlord',
];

/**
 * A customer whose payees, billers, cards and accounts no NLU example names (checked: none of these words in a row
 * is in data/nlu/en), so the banking LM has seen none of them: how open speech does with a real
 * bank's customer rather than the demo one, whose names the data's writers used.
 */
export const UNSEEN_NAMES = {
  payee: ['Nina Shah', 'Carlos Mendez', 'Grace Kim', 'Dad', 'Omar Haddad'],
  biller: ['Harbor Gas', 'Lakeside Dental', 'Sunrise Cable', 'Metro Water', 'Pine Valley HOA'],
  card: ['Sapphire Mastercard', 'Cash Rewards Visa'],
  account: ['Household Checking', 'Rainy Day Savings'],
} as const;

/** Open requests naming {@link UNSEEN_NAMES}' payees, billers, cards and accounts (scripts/asr-names.ts). */
// prettier-ignore
export const UNSEEN_NAMING_TEXTS = [
  'send two hundred dollars to nina shah', 'pay harbor gas sixty dollars',
  'transfer fifty dollars to carlos mendez tomorrow', 'pay my sunrise cable bill', 'send grace kim forty five dollars',
  'pay lakeside dental one hundred and twenty dollars', 'how much did i pay metro water last month',
  'pay the pine valley hoa bill', 'i want to send three hundred dollars to omar haddad',
  'pay nina shah back twenty dollars', 'can you pay harbor gas for me', 'send eleven hundred dollars to grace kim',
  'move money to carlos mendez', 'pay metro water from my checking account', 'send my dad eighty dollars',
  'freeze my sapphire mastercard', 'what do i owe on the cash rewards visa',
  'move two hundred dollars from household checking to rainy day savings', 'how much is in rainy day savings',
];

/**
 * More out-of-domain sentences, none in data/nlu/en/oos.yaml, in scripts/bench-voice-set.ts or
 * above: for tuning (scripts/asr-nlu-rescue.ts), never for reporting.
 */
// prettier-ignore
export const MORE_OUT_OF_DOMAIN: readonly string[] = [
  'what is the weather like in chicago today', 'how do i change a flat tire', 'sing me a lullaby',
  'who is the president of france', 'how many ounces are in a cup', 'start a timer for ten minutes',
  'what time is sunset tonight', 'add milk and eggs to my shopping list', 'how old is the grand canyon',
  'what is the best way to learn guitar', 'tell me a fun fact about octopuses', 'call me a taxi to the airport',
  'how do you say thank you in japanese', 'what rhymes with orange', 'show me pictures of golden retrievers',
  'when is the next full moon', 'how do i reset my wifi router', 'what should i cook for dinner tonight',
  'who sang bohemian rhapsody', 'how many miles is a marathon', 'what is the tallest mountain in africa',
  'text my sister that i am running late', 'is the pharmacy on main street open', 'how do plants make oxygen',
  'give me a recipe for banana bread', 'what channel is the game on', 'how deep is the pacific ocean',
  'read me the latest news headlines', 'what is the population of canada', 'how do i unclog a drain',
  'spell the word necessary', 'what is twelve times fourteen', 'what does the fox say',
  'play some relaxing jazz music', 'where can i buy a used bicycle', 'how long does it take to fly to tokyo',
  'what is the difference between a frog and a toad', 'remind me to water the plants', 'who invented the telephone',
  'how do i get a stain out of a white shirt', 'what is a good stretch for back pain', 'tell me a bedtime story',
  'when was the statue of liberty built', 'find a hiking trail near me', 'how many teeth does a shark have',
  'what language do they speak in brazil', 'how do i take a screenshot on my laptop', 'what is the boiling point of water',
  'i would like to book a haircut for saturday', 'can dogs eat grapes', 'why is the sky blue',
  'what is the plot of hamlet', 'turn on the air conditioning', 'how do i knit a scarf',
  'who has the most olympic gold medals', 'what are the symptoms of the flu', 'how do i make cold brew coffee',
  'what is the longest river in the world', 'open the garage door', 'how much does an elephant weigh',
];
