import { accessSync, constants } from 'node:fs';

/**
 * The interpreter for sandboxed code. A system python is preferred over a per-user install
 * (e.g. pyenv under /root) because the run drops to an unprivileged uid that must be able to
 * read the interpreter. `LAMAS_PYTHON` overrides.
 */
export function resolvePython(): string {
  const override = process.env.LAMAS_PYTHON;
  if (override) return override;
  for (const candidate of ['/usr/bin/python3', '/usr/local/bin/python3']) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return 'python3';
}
