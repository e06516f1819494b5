/**
 * JSON with object keys sorted at every depth, so two structurally equal values serialise to the
 * same bytes whatever order their keys were written in. Object properties that are `undefined`
 * are dropped (as JSON.stringify does), so `{a: 1}` and `{a: 1, b: undefined}` agree.
 * Non-finite numbers are refused: JSON would turn them into `null` and make them collide with it.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${where} is ${value}, not a finite number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        // Array holes and undefined entries become null, matching JSON.stringify.
        return `[${Array.from(value, (item: unknown, i) => (item === undefined ? 'null' : write(item, `${where}[${i}]`))).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key], `${where}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${where} is a ${typeof value}, which has no JSON form`);
  }
}
