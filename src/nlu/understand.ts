import { fileURLToPath } from 'node:url';
import type { Lang } from '../shared/index.ts';
import type { UnderstandingContext } from './context.ts';
import { billerByName } from './entities/biller-match.ts';
import { resolvePayee } from './entities/payee-match.ts';
import { extractEntities, type Entities } from './extract.ts';
import { IntentModel, type IntentScore } from './model.ts';
import { hasCjk } from './normalize.ts';
import { cancelsTask, repairOutOfScope, yesOrNo } from './repair.ts';

/** What the NLU makes of one utterance. */
export interface Understanding {
  readonly text: string;
  /** The language the utterance is in (Han characters → zh), which may differ from the session's. */
  readonly lang: Lang;
  readonly intent: string;
  readonly confidence: number;
  readonly ranked: readonly IntentScore[];
  readonly entities: Entities;
}

/** Where the shipped model lives (same relative path from src/nlu and dist/nlu). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../models/nlu/', import.meta.url));

/** Longest utterance the NLU reads; longer input is cut (a spoken turn is far shorter). */
export const MAX_UTTERANCE_CHARS = 500;

/** The NLU stage: intent classification (ONNX) plus entity extraction against the customer's data. */
export class Nlu {
  private constructor(readonly model: IntentModel) {}

  static async load(modelDir: string = DEFAULT_MODEL_DIR): Promise<Nlu> {
    return new Nlu(await IntentModel.load(modelDir));
  }

  async understand(rawText: string, context: UnderstandingContext): Promise<Understanding> {
    const text = rawText.slice(0, MAX_UTTERANCE_CHARS);
    const lang: Lang = hasCjk(text) ? 'zh' : /[a-z]/i.test(text) ? 'en' : context.lang;
    const entities = extractEntities(text, { ...context, lang });
    // A payee's name can carry words of its own ("Jordan Miles" → rewards miles): the classifier
    // reads the utterance with the name replaced by one it saw in training.
    // A biller's own name, likewise, by the words for its kind of bill.
    const payee = resolvePayee(text, context.payees, lang);
    const biller = entities.biller === undefined ? undefined : billerByName(text, context.billers, lang);
    const forClassifier =
      payee.kind !== 'none' && entities.payee !== undefined
        ? `${text.slice(0, payee.span.start)}${lang === 'zh' ? '张三' : 'bob'}${text.slice(payee.span.end)}`
        : biller
          ? `${text.slice(0, biller.span.start)}${biller.categoryWords}${text.slice(biller.span.end)}`
          : text;
    const classification = await this.model.classify(forClassifier);
    let intent = classification.intent;
    let confidence = classification.confidence;
    if (intent === 'oos') {
      const repaired = repairOutOfScope(classification.ranked, entities);
      if (repaired) ({ intent, confidence } = repaired);
    }
    // "Send 50 to maria from my car loan": a payee paid from a loan is a transfer (which the loan
    // cannot fund, and the dialog says so), not a repayment of the loan.
    const fromLoan =
      intent === 'loan.repay' && LOAN_AS_SOURCE.test(text) && isLoan(entities.account, context);
    if (fromLoan && entities.payee?.kind === 'one') intent = 'transfer.money';
    // "Pay my credit card fifty dollars from my car loan": the card is what is paid.
    else if (fromLoan && entities.card?.kind === 'one') intent = 'card.repay';
    // At a yes/no question, how the answer starts settles it when the classifier leans elsewhere.
    if (context.awaiting !== undefined && cancelsTask(intent, text)) intent = 'dialog.cancel';
    // An unsure yes/no that disagrees with the answer's first word ("对，是这样" read as no) yields to it.
    if (context.awaiting === 'confirmation' && intent !== 'dialog.cancel') {
      const yn = yesOrNo(text);
      // An unsure no with no no in it ("that's too much" at 0.58) is asked again, not taken as a
      // cancel: the customer may want the amount changed.
      if (
        intent === 'dialog.deny' &&
        yn === undefined &&
        confidence < UNSURE_NO &&
        Object.keys(entities).length === 0
      )
        intent = 'oos';
      const yesNoIntent = yn === 'yes' ? 'dialog.affirm' : yn === 'no' ? 'dialog.deny' : undefined;
      const classifiedYesNo = intent === 'dialog.affirm' || intent === 'dialog.deny';
      if (yesNoIntent && (!classifiedYesNo || (intent !== yesNoIntent && confidence < 0.95)))
        intent = yesNoIntent;
    }
    return { text, lang, intent, confidence, ranked: classification.ranked, entities };
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}

/** Below this, a no-reading at a read-back that says no no-word is asked again. */
const UNSURE_NO = 0.75;

/** A loan named as where money comes from: "from my car loan", "用房贷的钱". */
const LOAN_AS_SOURCE =
  /\b(?:from|out of|using|with)\s+(?:my\s+|the\s+)?(?:\w+\s+)?(?:loan|mortgage)\b|(?:从|用)(?:我的)?(?:房贷|车贷|贷款)/i;

function isLoan(ref: Entities['account'], context: UnderstandingContext): boolean {
  const id = ref?.kind === 'one' ? ref.id : undefined;
  const type = context.accounts.find((a) => a.id === id)?.type;
  return type === 'loan' || type === 'mortgage';
}
