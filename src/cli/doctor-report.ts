/** One line per check: its status, what was found and, for a problem, how to fix it. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip' | 'note';

export interface Check {
  status: CheckStatus;
  name: string;
  text: string;
  fix?: string;
}

const LABEL: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip', note: 'note' };

export function formatCheck(check: Check): string {
  const fix = check.fix ? ` -> fix: ${check.fix}` : '';
  return `${LABEL[check.status]}  ${check.name}: ${check.text}${fix}\n`;
}

/** The closing line, and the exit code: 1 when any check failed; warnings do not fail. */
export function summary(checks: readonly Check[]): { line: string; code: 0 | 1 } {
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  if (failed > 0) return { line: `${failed} check(s) failed, ${warned} warning(s).\n`, code: 1 };
  return { line: `All checks passed${warned ? `, with ${warned} warning(s)` : ''}.\n`, code: 0 };
}
