// RSA wrapping key pairs generated ahead of GetParametersForImport: RSA key generation is
// nearly all of an import flow's time (npm run bench), so pairs wait in a stock, made in a
// Worker in a browser page (where the page's WebCrypto queue would otherwise wait behind
// them) and by WebCrypto in the realm elsewhere (Node 20 has no Worker; its generateKey
// already runs on libuv's threads).
//
// What keeps the pool safe: a pair is handed to exactly one GetParametersForImport — taken
// out of the stock (or generated for that one caller) and never put back — so one token's
// wrapping key is never another's; pairs in the stock were never seen by anyone; the stock
// is never stored (a stored token keeps only its own pair). One pool per JavaScript realm,
// shared by every createMockKms() there, which changes nothing a mock can observe.
import { generateRsaWrappingKey, RSA_WRAPPING_KEY_SPECS, type RsaWrappingKeyPair, type RsaWrappingKeySpec } from './wrapping_keys.js';

/** Pairs kept ready per spec once the spec has been asked for (larger keys cost 4–10× more to make). */
export const LOOKAHEAD: Record<RsaWrappingKeySpec, number> = { RSA_2048: 2, RSA_3072: 1, RSA_4096: 1 };
/** At most this many pairs per spec wait in the stock (an RSA-2048 pair is about 2 KB). */
export const MAX_STOCK = 1024;
/** Generations running at once: room is left on the threads the flows' own RSA operations use. */
export const CONCURRENCY = 2;

type Generate = (spec: RsaWrappingKeySpec) => Promise<RsaWrappingKeyPair>;

interface Job {
  spec: RsaWrappingKeySpec;
  resolve(pair: RsaWrappingKeyPair): void;
  reject(e: unknown): void;
}

export class WrappingKeyPool {
  private readonly stock = new Map<RsaWrappingKeySpec, RsaWrappingKeyPair[]>();
  /** Background generations queued or running, per spec. */
  private readonly filling = new Map<RsaWrappingKeySpec, number>();
  private readonly queue: Job[] = [];
  private running = 0;
  private readonly waiting = new Set<{ want: Partial<Record<RsaWrappingKeySpec, number>>; resolve(): void; reject(e: unknown): void }>();

  constructor(
    private readonly generate: Generate,
    private readonly concurrency = CONCURRENCY,
  ) {}

  /** Pairs of `spec` in the stock now. */
  size(spec: RsaWrappingKeySpec): number {
    return this.stock.get(spec)?.length ?? 0;
  }

  /**
   * A pair no other caller ever gets: the oldest in the stock, or else one generated for this
   * caller ahead of any background generation. The stock is then topped up to LOOKAHEAD.
   */
  take(spec: RsaWrappingKeySpec): Promise<RsaWrappingKeyPair> {
    const pair = this.stock.get(spec)?.shift();
    const out = pair ? Promise.resolve(pair) : this.enqueue(spec, true);
    this.fill(spec, LOOKAHEAD[spec]);
    return out;
  }

  /** Generates ahead until `counts[spec]` pairs (at most MAX_STOCK) wait in the stock; once, not kept up. */
  prepare(counts: Partial<Record<RsaWrappingKeySpec, number>>): Promise<void> {
    const want: Partial<Record<RsaWrappingKeySpec, number>> = {};
    for (const spec of RSA_WRAPPING_KEY_SPECS) {
      const n = counts[spec];
      if (n === undefined) continue;
      want[spec] = Math.min(n, MAX_STOCK);
      this.fill(spec, want[spec]!);
    }
    return new Promise((resolve, reject) => {
      const waiter = { want, resolve, reject };
      this.waiting.add(waiter);
      this.settle();
    });
  }

  private fill(spec: RsaWrappingKeySpec, target: number): void {
    for (let n = this.size(spec) + (this.filling.get(spec) ?? 0); n < target; n++) {
      this.filling.set(spec, (this.filling.get(spec) ?? 0) + 1);
      this.enqueue(spec, false).then(
        (pair) => {
          this.filling.set(spec, this.filling.get(spec)! - 1);
          const stock = this.stock.get(spec) ?? [];
          this.stock.set(spec, stock);
          stock.push(pair);
          this.settle();
        },
        (e: unknown) => {
          this.filling.set(spec, this.filling.get(spec)! - 1);
          // A failed generation fails whoever waits for the stock; a caller of take() generates its own.
          for (const w of this.waiting) {
            if (w.want[spec] === undefined) continue;
            this.waiting.delete(w);
            w.reject(e);
          }
        },
      );
    }
  }

  private settle(): void {
    for (const w of this.waiting) {
      if ((Object.keys(w.want) as RsaWrappingKeySpec[]).every((s) => this.size(s) >= w.want[s]!)) {
        this.waiting.delete(w);
        w.resolve();
      }
    }
  }

  /** Callers of take() go first; background generations after them. */
  private enqueue(spec: RsaWrappingKeySpec, urgent: boolean): Promise<RsaWrappingKeyPair> {
    return new Promise((resolve, reject) => {
      const job = { spec, resolve, reject };
      if (urgent) this.queue.unshift(job);
      else this.queue.push(job);
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      this.generate(job.spec)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}

/** How long a Worker may take to start and say it is ready before it is given up. */
const WORKER_START_MS = 5_000;

/** @internal Where the pairs of this realm were made (tests and `npm run bench` read it). */
export const made = { worker: 0, realm: 0 };

const inRealm = (spec: RsaWrappingKeySpec) => {
  made.realm++;
  return generateRsaWrappingKey(spec);
};

/**
 * Generation in a module Worker, for a browser page. Until the Worker says it is ready, and
 * for good wherever it cannot start, load or answer (a bundler that did not emit
 * wrapping_key_worker.js, a CSP refusing it, a file that is not the worker, a module graph a
 * service worker never delivers), pairs are made in this realm; so they are outside browser
 * pages (Node, Deno, Bun: a Worker would keep the process alive).
 */
function workerGenerate(): Generate | undefined {
  if (typeof Worker !== 'function' || typeof document === 'undefined') return undefined;
  let worker: Worker | undefined;
  let ready = false;
  let broken = false;
  let next = 0;
  const pending = new Map<number, { spec: RsaWrappingKeySpec; resolve(pair: RsaWrappingKeyPair | Promise<RsaWrappingKeyPair>): void }>();
  const giveUp = () => {
    if (broken) return;
    broken = true;
    ready = false;
    worker?.terminate();
    for (const p of pending.values()) p.resolve(inRealm(p.spec));
    pending.clear();
  };
  const start = () => {
    try {
      worker = new Worker(new URL('./wrapping_key_worker.js', import.meta.url), { type: 'module' });
    } catch {
      broken = true;
      return;
    }
    const timer = setTimeout(() => ready || giveUp(), WORKER_START_MS);
    worker.onmessage = ({ data }: MessageEvent<{ ready?: true; id: number; publicKey?: Uint8Array; privateKey?: JsonWebKey; failed?: boolean }>) => {
      if (data?.ready === true) {
        clearTimeout(timer);
        ready = !broken;
        return;
      }
      const p = pending.get(data?.id);
      if (!p) return;
      pending.delete(data.id);
      if (data.failed || !(data.publicKey instanceof Uint8Array) || data.privateKey?.kty !== 'RSA') return p.resolve(inRealm(p.spec));
      made.worker++;
      p.resolve({ publicKey: data.publicKey, privateKey: data.privateKey });
    };
    worker.onerror = (e) => {
      e.preventDefault();
      clearTimeout(timer);
      giveUp();
    };
    worker.onmessageerror = giveUp;
  };
  return (spec) => {
    if (!worker && !broken) start();
    if (!ready) return inRealm(spec);
    return new Promise((resolve) => {
      const id = next++;
      pending.set(id, { spec, resolve });
      worker!.postMessage({ id, spec });
    });
  };
}

let pool: WrappingKeyPool | undefined;

/** This realm's pool. */
export function wrappingKeyPool(): WrappingKeyPool {
  pool ??= new WrappingKeyPool(workerGenerate() ?? inRealm);
  return pool;
}
