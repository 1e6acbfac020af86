// How a problem is described, collected and printed.

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

/** Collects the diagnostics of a build, in the order they were found. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(file: string, line: number | undefined, message: string, hint?: string): void {
    this.items.push({ severity: 'error', file, line, message, hint });
  }

  warn(file: string, line: number | undefined, message: string, hint?: string): void {
    this.items.push({ severity: 'warning', file, line, message, hint });
  }

  add(items: Iterable<Diagnostic>): void {
    for (const item of items) this.items.push(item);
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  /** Files that have at least one error. */
  filesWithErrors(): Set<string> {
    return new Set(this.errors.map((d) => d.file));
  }
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
