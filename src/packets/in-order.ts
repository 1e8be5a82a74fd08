/**
 * Lines that arrive out of order (a streaming analysis hands conversations over as they end)
 * given back in index order. A conversation that stays open while very many later ones end
 * would make the waiting lines pile up: past `maxWaiting` the oldest waiting line is released
 * anyway, so memory stays bounded and every line still carries its own index.
 */
export class InOrder {
  private next = 1;
  private readonly waiting = new Map<number, string>();
  private readonly ready: string[] = [];

  constructor(private readonly maxWaiting = 65_536) {}

  /** Line number `index` (1-based, each once). */
  put(index: number, line: string): void {
    if (index < this.next) {
      // Its place was skipped (see maxWaiting): it goes out late rather than never.
      this.ready.push(line);
      return;
    }
    if (index === this.next) {
      this.ready.push(line);
      this.next++;
      this.release();
      return;
    }
    this.waiting.set(index, line);
    if (this.waiting.size > this.maxWaiting) {
      // Skip the gap: the missing ones come later, out of order.
      let lowest = Infinity;
      for (const k of this.waiting.keys()) if (k < lowest) lowest = k;
      this.next = lowest;
      this.release();
    }
  }

  private release(): void {
    for (let line = this.waiting.get(this.next); line !== undefined; line = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      this.ready.push(line);
      this.next++;
    }
  }

  /** The lines that can go out now, in order; the caller writes them. */
  take(): string[] {
    return this.ready.splice(0);
  }

  /** Everything still waiting, in index order (at the end of the input). */
  rest(): string[] {
    const keys = [...this.waiting.keys()].sort((a, b) => a - b);
    const out = keys.map((k) => this.waiting.get(k)!);
    this.waiting.clear();
    return [...this.take(), ...out];
  }
}
