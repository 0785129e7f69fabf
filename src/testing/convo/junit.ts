import type { ScriptResult } from './runner.ts';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JUnit XML for CI systems: one testcase per script. */
export function toJunit(results: readonly ScriptResult[], suiteName = 'teller convo scripts'): string {
  const failures = results.filter((r) => !r.ok).length;
  const seconds = results.reduce((s, r) => s + r.durationMs, 0) / 1000;
  const cases = results.map((r) => {
    const head = `  <testcase classname="${esc(r.file)}" name="${esc(r.name)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    if (r.ok) return `${head}/>`;
    const f = r.failure;
    const message = f ? `turn ${f.turn}: expected ${f.expected}` : 'failed';
    return `${head}>\n    <failure message="${esc(message)}">${esc(f ? `${message}\nactual: ${f.actual}` : '')}</failure>\n  </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${esc(suiteName)}" tests="${results.length}" failures="${failures}" time="${seconds.toFixed(3)}">\n${cases.join('\n')}\n</testsuite>\n`;
}
