import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/index.ts';

describe('log redaction', () => {
  it('never writes transcripts, PINs, tokens, keys, phone, account or card numbers or amounts in the clear', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'debug', destination }).child({ sessionId: 's-1', channel: 'app' });
    logger.info(
      {
        transcript: 'send 500 dollars to bob, my card is 4111 1111 1111 1111',
        text: '我的密码是2468',
        pin: '2468',
        token: 'eyJhbGciOi...',
        phone: '+15550100',
        accountNumber: '000123456789',
        cardNumber: '4111111111111111',
        amountMinor: 50000,
        entities: { amount: '500.00', payee: 'bob' },
        turn: { transcript: 'what is my balance', pin: '1357' },
        key: 'azure-subscription-key-1',
        engine: { apiKey: 'audiohook-api-key-2', clientSecret: 'c2VjcmV0LTM=' },
      },
      'turn',
    );
    const out = lines.join('');
    for (const secret of [
      '4111',
      '2468',
      '1357',
      'eyJhbGci',
      '5550100',
      '000123456789',
      '50000',
      'bob',
      'what is my balance',
      '我的密码',
      'azure-subscription-key',
      'audiohook-api-key',
      'c2VjcmV0',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('"sessionId":"s-1"');
    expect(out).toContain('"msg":"turn"');
  });
});
