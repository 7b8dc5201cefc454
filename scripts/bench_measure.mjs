// Timing helpers shared by `npm run bench` in Node and in the browser page
// (scripts/bench_browser.mjs): batches until a minimum time has passed, median of the
// batch means. Figures vary run to run; compare within one run only.

export async function measure(fn, { minMs = 600, batch = 20, minBatches = 5 } = {}) {
  for (let i = 0; i < Math.min(batch, 5); i++) await fn(); // warm up
  const means = [];
  const start = performance.now();
  while (performance.now() - start < minMs || means.length < minBatches) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    means.push((performance.now() - t0) / batch);
  }
  return median(means);
}

/**
 * Two operations timed in alternating batches, so that load from elsewhere on the machine
 * hits both alike: each one's median batch mean, and the median of the per-round ratios a/b.
 */
export async function compare(a, b, { minMs = 1200, batch = 20, minRounds = 7 } = {}) {
  for (let i = 0; i < 5; i++) {
    await a();
    await b();
  }
  const as = [];
  const bs = [];
  const ratios = [];
  const start = performance.now();
  while (performance.now() - start < minMs || ratios.length < minRounds) {
    let t0 = performance.now();
    for (let i = 0; i < batch; i++) await a();
    const ta = (performance.now() - t0) / batch;
    t0 = performance.now();
    for (let i = 0; i < batch; i++) await b();
    const tb = (performance.now() - t0) / batch;
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios) };
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}
