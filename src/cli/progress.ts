import cliProgress from 'cli-progress';

export interface Progress {
  /** Advance; `note` (e.g. running figures) is shown beside the bar. */
  tick(delta?: number, note?: string): void;
  stop(): void;
}

/**
 * Progress on stderr: a bar on a TTY, otherwise a plain line every 10%, so piped stdout
 * stays exactly the one JSON object the CLI contract promises. `initial` is work already done
 * (a resumed run): the bar starts there and its ETA counts only what this process does.
 */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr, initial = 0): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted} {note}`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, initial, { note: '' });
    return { tick: (delta = 1, note = '') => bar.increment(delta, { note }), stop: () => bar.stop() };
  }
  let done = initial;
  let lastDecile = total === 0 ? 0 : Math.floor((initial / total) * 10);
  return {
    tick(delta = 1, note) {
      done += delta;
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${done}/${total}${note ? ` ${note}` : ''}\n`);
      }
    },
    stop() {},
  };
}
