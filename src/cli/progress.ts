/**
 * A one-line progress bar on stderr. On a terminal it redraws in place; elsewhere (CI logs) it
 * prints a line at most every 10% so logs stay short.
 */
export class ProgressBar {
  private readonly started = performance.now();
  private lastDecile = -1;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, note = ''): void {
    const share = total === 0 ? 1 : done / total;
    const elapsedS = (performance.now() - this.started) / 1000;
    const etaS = share > 0 ? (elapsedS / share) * (1 - share) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${note} ${elapsedS.toFixed(1)}s, eta ${etaS.toFixed(0)}s`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}${done >= total ? '\n' : ''}`);
    } else {
      const decile = Math.floor(share * 10);
      if (decile !== this.lastDecile || done >= total) {
        this.lastDecile = decile;
        this.stream.write(`${line}\n`);
      }
    }
  }
}
