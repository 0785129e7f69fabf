import { accountSay } from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/**
 * profile.view: the name and the phone's last four digits. The full number is not read out (anyone
 * nearby hears it); address and email are not held by the banking core, so the app is named for them.
 */
export async function profileView(input: AnswerInput): Promise<Answer> {
  const customer = (await input.bank.getCustomer(input.customerId)) ?? input.snapshot.customer;
  const digits = customer.phone?.replace(/\D/g, '') ?? '';
  return {
    says: [
      digits.length >= 4
        ? accountSay('answer.profile.view', { name: customer.name, last4: digits.slice(-4) })
        : accountSay('answer.profile.view.nophone', { name: customer.name }),
      accountSay('answer.profile.more'),
    ],
  };
}
