/** Timing shared by the benchmarks: wall-clock and CPU (user + system) seconds of a call. */

/**
 * Runs `f` once and returns its result with wall-clock and CPU seconds.
 * On a shared machine CPU seconds are the fairer figure; report both.
 */
export function seconds<T>(f: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = f();
  const c = process.cpuUsage(c0);
  return [r, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6];
}
