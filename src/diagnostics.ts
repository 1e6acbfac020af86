// How a problem is described and printed.

export type Severity = 'error' | 'warning';

/** One problem, tied to the file (and line) that causes it. */
export interface Diagnostic {
  severity: Severity;
  /** Path relative to the site root, forward slashes; empty for site-wide problems. */
  file: string;
  /** 1-based line in that file, when known. */
  line?: number;
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** `path:line: severity: message` with the hint on a second line, the way compilers print. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : '';
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${where}${d.severity}: ${d.message}${hint}`;
}

/** A failure that stops a command, carrying its diagnostics and the exit code it deserves. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}
