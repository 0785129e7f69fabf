import type { ChangeResult, MovementResult, Refusal } from '../../bank/index.ts';
import { formatMoney } from '../../nlg/format.ts';
import { hasMessage } from '../../nlg/messages.ts';
import type { Say } from '../types.ts';
import type { Outcome } from './spec.ts';

/** A bank refusal, said with its reason; nothing is claimed done. */
export function refusalSay(refusal: Refusal): Say {
  const d = refusal.details ?? {};
  const available =
    typeof d['availableMinor'] === 'number' && typeof d['currency'] === 'string'
      ? formatMoney({ amountMinor: d['availableMinor'], currency: d['currency'] as 'USD' })
      : undefined;
  const remaining =
    typeof d['remainingMinor'] === 'number' && typeof d['currency'] === 'string'
      ? formatMoney({ amountMinor: d['remainingMinor'], currency: d['currency'] as 'USD' })
      : undefined;
  const key = hasMessage(`refused.${refusal.code}`)
    ? `refused.${refusal.code}`
    : 'refused.TELLER_ERR_INTERNAL';
  return {
    key,
    params: { available, remaining, status: typeof d['status'] === 'string' ? d['status'] : undefined },
  };
}

export function fromMovement(
  result: MovementResult,
  done: (m: Extract<MovementResult, { ok: true }>['movement']) => Say,
): Outcome {
  return result.ok
    ? { ok: true, say: done(result.movement), replayed: result.replayed }
    : { ok: false, say: refusalSay(result.refusal), code: result.refusal.code };
}

export function fromChange<T>(result: ChangeResult<T>, done: (value: T) => Say): Outcome {
  return result.ok
    ? { ok: true, say: done(result.value), replayed: result.replayed }
    : { ok: false, say: refusalSay(result.refusal), code: result.refusal.code };
}
