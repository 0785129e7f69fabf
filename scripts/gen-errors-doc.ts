/** Regenerates the code table of docs/errors.md from src/shared/errors.ts (`npx tsx scripts/gen-errors-doc.ts`). */
import { writeFileSync } from 'node:fs';
import { ERROR_CODES } from '../src/shared/errors.ts';

const rows = Object.entries(ERROR_CODES).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`);
writeFileSync(
  new URL('../docs/errors.md', import.meta.url),
  `# Error codes

Every error Teller reports carries one of these stable codes: in protocol \`error\` messages, in bank
refusals, in CLI output and in logs. A code is never renamed or reused. \`test/shared/error-codes.test.ts\`
keeps this table and \`src/shared/errors.ts\` in step.

| code | meaning |
|---|---|
${rows.join('\n')}
`,
);
