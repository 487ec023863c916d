import { formatCount, formatElapsed } from '../vocabulary/index.ts';

/** A one-line progress bar on stderr for the CLIs (seed, sync); silent when stderr is not a TTY except for the final line. */
export function progressBar(label: string, total: number) {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  const draw = (done: number, final = false) => {
    const now = Date.now();
    if (!final && (!tty || now - lastDraw < 100)) return;
    lastDraw = now;
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const secs = (now - started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    const line = `${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${formatCount(done)}/${formatCount(total)} (${formatCount(rate)}/s, ${formatElapsed(now - started)})`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    if (final && tty) process.stderr.write('\n');
  };
  // A finished bar is full: the total was an estimate (the last crawl's counts, the sandbox's size).
  return {
    update: (done: number) => draw(done),
    done: (done = total) => {
      total = done;
      draw(done, true);
    },
  };
}
