/** With --json, exactly one JSON object on stdout; otherwise the human rendering. */
export function emit<T>(result: T, json: boolean, render: (result: T) => string): void {
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${render(result)}\n`);
}
