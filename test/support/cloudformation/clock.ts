/**
 * Simulated time for the CloudFormation simulator and the Atlas emulator.
 *
 * The clock stands still between invocations, runs `1/scale` times as fast as real time while any handler
 * invocation runs ({@link VirtualClock.run}; concurrent invocations share one run), and jumps when every pending
 * piece of work is waiting ({@link VirtualClock.sleep}): the earliest sleeper wakes at its own time. A sleeper
 * whose time comes while an invocation runs wakes in real time. This is what lets independent resources, each
 * with its own waiter, progress in parallel on one clock.
 */

interface Sleeper {
  readonly wake: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/** A simulated clock: `now()` in epoch ms. */
export class VirtualClock {
  private base: number;
  private realStart = 0;
  private running = 0;
  private saved?: () => number;
  private sleepers: Sleeper[] = [];
  private sleeperSeq = 0;
  private ticker?: NodeJS.Timeout;
  private pumpScheduled = false;

  /**
   * @param scale real time per simulated time while running (0.02: one simulated second takes 20 real ms)
   * @param start simulated start, epoch ms
   */
  constructor(
    public readonly scale: number,
    start = Date.parse('2026-09-01T00:00:00Z'),
  ) {
    this.base = start;
  }

  /** Simulated epoch ms. */
  public now(): number {
    return this.running > 0 ? this.base + (performance.now() - this.realStart) / this.scale : this.base;
  }

  /** Jumps forward. */
  public advance(ms: number): void {
    this.base += ms;
  }

  /** Resolves after `ms` of simulated time (at once in real time when nothing else runs). */
  public sleep(ms: number): Promise<void> {
    return this.timer(ms).done;
  }

  /** A cancellable {@link sleep}: a cancelled timer never resolves and no longer holds the clock back. */
  public timer(ms: number): { done: Promise<void>; cancel(): void } {
    let sleeper!: Sleeper;
    const done = new Promise<void>((resolve) => {
      sleeper = { wake: this.now() + Math.max(0, ms), seq: this.sleeperSeq++, resolve };
    });
    this.sleepers.push(sleeper);
    this.sleepers.sort((a, b) => a.wake - b.wake || a.seq - b.seq);
    this.schedulePump();
    return {
      done,
      cancel: () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
      },
    };
  }

  /** Runs `fn` with the clock running and `Date.now` replaced; nested and concurrent calls share one run. */
  public async run<T>(fn: () => Promise<T>): Promise<T> {
    this.start();
    try {
      return await fn();
    } finally {
      this.stop();
    }
  }

  /** Replaces `Date.now` with this clock until {@link uninstall}. */
  public install(): void {
    if (this.saved) return;
    this.saved = Date.now;
    Date.now = () => Math.floor(this.now());
  }

  /** Restores `Date.now`. */
  public uninstall(): void {
    if (this.saved) Date.now = this.saved;
    this.saved = undefined;
  }

  private start(): void {
    if (this.running++ > 0) return;
    this.realStart = performance.now();
    // Sleepers due while an invocation runs wake in real time.
    this.ticker = setInterval(() => this.wakeDue(), 2);
    this.ticker.unref();
  }

  private stop(): void {
    if (--this.running > 0) return;
    this.base += (performance.now() - this.realStart) / this.scale;
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.schedulePump();
  }

  private wakeDue(): void {
    const now = this.now();
    while (this.sleepers.length > 0 && this.sleepers[0].wake <= now) this.sleepers.shift()!.resolve();
  }

  /**
   * When nothing runs, jump to the earliest sleeper and wake it (and any due at the same time). Deferred by a
   * macrotask so that a woken coroutine starts its next invocation (a microtask chain) before the next jump.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      if (this.running > 0 || this.sleepers.length === 0) return;
      this.base = Math.max(this.base, this.sleepers[0].wake);
      this.wakeDue();
      if (this.sleepers.length > 0) this.schedulePump();
    });
  }
}
