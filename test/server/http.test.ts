/**
 * The service over real HTTP on 127.0.0.1 with an ephemeral port: concurrent
 * requests over keep-alive connections, malformed JSON and oversized bodies on
 * the wire, structured JSON logs, and graceful shutdown finishing an in-flight
 * request before closing.
 */
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadModelArtifact } from '../../models/risk/artifact/load.js';
import { createServer } from '../../server/app.js';
import { installGracefulShutdown } from '../../server/shutdown.js';
import { send, tinyArtifact, tinyRisk } from './fixture.js';

describe('service over HTTP on loopback', () => {
  it('serves 200 concurrent predictions over 20 keep-alive connections, each answer matching its patient', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk: Buffer, _e, cb) { lines.push(...chunk.toString().split('\n').filter(Boolean)); cb(); } });
    const app = await createServer({ models: [loadModelArtifact(tinyArtifact())], logger: { level: 'info', stream } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    try {
      const ages = Array.from({ length: 200 }, (_, i) => 30 + (i % 50));
      const replies = await Promise.all(ages.map((age) => send(port, 'POST', '/v1/models/tiny-cox/predict?survival=false', JSON.stringify({ age, grade: '2' }), agent)));
      replies.forEach((r, i) => {
        expect(r.status).toBe(200);
        const j = JSON.parse(r.body) as { predictions: { risk: number[] }[] };
        expect(j.predictions[0]!.risk[0]).toBeCloseTo(tinyRisk(ages[i]!, '2', 0.09), 14);
      });
      const bad = await send(port, 'POST', '/v1/models/tiny-cox/predict', '{"age": 5', agent);
      expect(bad.status).toBe(400);
      expect((JSON.parse(bad.body) as { error: { code: string } }).error.code).toBe('malformed_json');
      const missing = await send(port, 'POST', '/v1/models/tiny-cox/predict', '{"age": 50}', agent);
      expect(missing.status).toBe(400);
      expect(missing.body).toContain('"/grade"');
      const huge = await send(port, 'POST', '/v1/models/tiny-cox/predict', JSON.stringify({ patients: Array.from({ length: 60000 }, () => ({ age: 50, grade: '1' })) }), agent);
      expect(huge.status).toBe(413);
      expect((await send(port, 'GET', '/v1/health', null, agent)).status).toBe(200);
    } finally {
      agent.destroy();
      await app.close();
    }
    // structured logs: one JSON object per line with request id and status; no patient covariates
    const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string; res?: { statusCode: number }; msg: string });
    const completed = parsed.filter((l) => l.msg === 'request completed');
    expect(completed.length).toBeGreaterThanOrEqual(204);
    expect(completed.some((l) => l.res?.statusCode === 413)).toBe(true);
    expect(lines.join('\n')).not.toMatch(/"grade"/);
  });

  it('graceful shutdown: an in-flight request finishes, then new connections are refused', async () => {
    const app = await createServer({ models: [loadModelArtifact(tinyArtifact())] });
    // a deliberately slow route, only in this test, to have a request in flight
    app.get('/test/slow', async () => {
      await new Promise((r) => setTimeout(r, 300));
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const codes: number[] = [];
    const { shutdown, uninstall } = installGracefulShutdown(app, { signals: [], exit: (c) => codes.push(c) });
    try {
      const inFlight = send(port, 'GET', '/test/slow', null);
      await new Promise((r) => setTimeout(r, 50));
      const closing = shutdown('test');
      const r = await inFlight;
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ done: true });
      await closing;
      expect(codes).toEqual([0]);
      await expect(send(port, 'GET', '/v1/health', null)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      uninstall();
    }
  });
});
