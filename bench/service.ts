/**
 * Benchmark: the prediction service under a bounded load from an in-process
 * loopback client. Starts `createServer({ modelsDir: 'models/artifacts' })` on
 * 127.0.0.1 (ephemeral port, logger off), then sends a fixed number of
 * single-patient Cox predictions (gbsg-cox, one patient per request, patients
 * varied from a seeded generator) over C keep-alive connections (node:http
 * Agent, each connection one request at a time), and stops by itself.
 * Prints predictions per second and latency p50/p90/p99/max, for the full
 * response (risk at the two default horizons + survival curve on the monthly
 * grid) and with `?survival=false` (risks only); a last line, for reference,
 * sends batches of 100 patients per request.
 * Target (README, benchmarks: the prediction service): >= 5000 single-patient predictions/s and p99 < 10 ms.
 * Client and server share one Node process (one event loop for both), so the
 * figures are a lower bound for the server alone.
 *
 * Usage: node dist/bench/service.js [requests=20000] [connections=20]
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from '../server/app.js';
import { seededRandom } from '../util/random.js';

function post(agent: Agent, port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function quantile(sorted: Float64Array, q: number): number {
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[k]!;
}

async function run(port: number, path: string, bodies: string[], requests: number, connections: number, perRequest = 1): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latency = new Float64Array(requests);
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < requests) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      const status = await post(agent, port, path, bodies[i % bodies.length]!);
      latency[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      if (status !== 200) failed++;
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  latency.sort();
  const f = (v: number) => v.toFixed(2);
  console.log(
    `${path.padEnd(44)} ${requests} requests${perRequest > 1 ? ` of ${perRequest} patients` : ''}, ${connections} connections: ${((requests * perRequest) / seconds).toFixed(0)} predictions/s; ` +
      `latency ms p50 ${f(quantile(latency, 0.5))} p90 ${f(quantile(latency, 0.9))} p99 ${f(quantile(latency, 0.99))} max ${f(latency[latency.length - 1]!)}` +
      (failed ? `; ${failed} non-200 responses` : ''),
  );
}

const requests = Number(process.argv[2] ?? 20000);
const connections = Number(process.argv[3] ?? 20);
const rand = seededRandom(11);
const bodies = Array.from({ length: 1000 }, () =>
  JSON.stringify({
    age: 30 + Math.floor(rand() * 45),
    meno: rand() < 0.5 ? 0 : 1,
    size: 10 + Math.floor(rand() * 50),
    grade: 1 + Math.floor(rand() * 3),
    nodes: 1 + Math.floor(rand() * 15),
    pgr: Math.floor(rand() * 300),
    er: Math.floor(rand() * 300),
    hormon: rand() < 0.4 ? 1 : 0,
  }),
);
const app = await createServer({ modelsDir: 'models/artifacts', logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as AddressInfo;
console.log(`service benchmark: node ${process.version}, gbsg-cox, loopback port ${port}`);
await run(port, '/v1/models/gbsg-cox/predict', bodies, Math.min(2000, requests), connections); // warm-up (JIT)
await run(port, '/v1/models/gbsg-cox/predict', bodies, requests, connections);
await run(port, '/v1/models/gbsg-cox/predict?survival=false', bodies, requests, connections);
// for reference: batches of 100 patients per request (not the single-patient target)
const batches = Array.from({ length: 20 }, (_, b) => `{"patients":[${bodies.slice(b * 50, b * 50 + 100).join(',')}]}`);
await run(port, '/v1/models/gbsg-cox/predict?survival=false', batches, Math.max(20, Math.floor(requests / 100)), connections, 100);
await app.close();
