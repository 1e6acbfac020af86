// A progress bar on the terminal, shown only on a TTY and only once a build takes a moment.

/** Updates a one-line bar on `stream`; silent when it is not a terminal. */
export function progressBar(stream: NodeJS.WriteStream, delayMs = 400): { update: (stage: string, done: number, total: number) => void; done: () => void } {
  const started = Date.now();
  let shown = false;
  let lastDraw = 0;
  return {
    update(stage, done, total) {
      const now = Date.now();
      if (!stream.isTTY || now - started < delayMs || (now - lastDraw < 80 && done < total)) return;
      lastDraw = now;
      shown = true;
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : 0;
      stream.write(`\r${stage.padEnd(6)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}\x1b[K`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
