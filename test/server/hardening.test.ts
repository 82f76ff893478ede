/**
 * The attacks on the prediction service, each performed over loopback HTTP:
 * slowly trickling bodies and headers (closed by the request and headers
 * timeouts), SIGTERM to `midia serve` with slow clients connected (503 while
 * draining, exit 0 within the grace period), large bad requests (error bodies
 * bounded) and absurd numbers (`1e308` outside the plausible range, `1e400`
 * read as Infinity by JSON.parse).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelArtifact } from '../../models/risk/artifact/load.js';
import type { ModelArtifact } from '../../models/risk/artifact/types.js';
import { createServer } from '../../server/app.js';
import { MAX_ERROR_ISSUES, MAX_MESSAGE_CHARS } from '../../server/errors.js';
import { send, tinyArtifact } from './fixture.js';

interface ErrorBody { error: { code: string; message: string; issues?: { path: string; message: string }[]; issuesOmitted?: number } }

/** A raw client: what the server sent, and when (ms after start) it closed the connection, or null. */
interface RawClient { socket: Socket; received: () => string; closedAt: () => number | null; stop: () => void }

/**
 * Opens a connection that sends `head` at once, then one byte of `trickle`
 * every `everyMs` (a slow client): the attack of a slowloris or a slow body.
 */
function slowClient(port: number, head: string, trickle: string, everyMs: number, t0: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    let closedAt: number | null = null;
    let k = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (data += c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closedAt = Date.now() - t0;
      clearInterval(timer);
    });
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.destroyed && socket.writable) socket.write(trickle[k++ % trickle.length]!);
      }, everyMs);
      resolve({ socket, received: () => data, closedAt: () => closedAt, stop: () => { clearInterval(timer); socket.destroy(); } });
    });
    socket.on('error', reject);
  });
}

const until = async (cond: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

const predictHead = (length: number): string =>
  `POST /v1/models/tiny-cox/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe('slow clients', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await createServer({ models: [loadModelArtifact(tinyArtifact())], requestTimeoutMs: 800, headersTimeoutMs: 500, timeoutCheckMs: 100 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => app.close());

  it('10 connections trickling a body are answered 408 request_timeout and closed within the request timeout', async () => {
    const t0 = Date.now();
    const clients = await Promise.all(Array.from({ length: 10 }, () => slowClient(port, `${predictHead(100_000)}{"age": `, '5', 50, t0)));
    try {
      await until(() => clients.every((c) => c.closedAt() !== null), 5000);
      for (const c of clients) {
        // closed by the server: 800 ms request timeout, checked every 100 ms (and the test's own polling)
        expect(c.closedAt()).not.toBeNull();
        expect(c.closedAt()!).toBeLessThan(2500);
        expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
        const body = JSON.parse(c.received().slice(c.received().indexOf('\r\n\r\n') + 4)) as ErrorBody;
        expect(body.error.code).toBe('request_timeout');
      }
      // the service still answers everybody else
      expect((await send(port, 'POST', '/v1/models/tiny-cox/predict', JSON.stringify({ age: 50, grade: '1' }))).status).toBe(200);
    } finally {
      clients.forEach((c) => c.stop());
    }
  });

  it('a connection trickling its headers (slowloris) is closed within the headers timeout', async () => {
    const t0 = Date.now();
    const c = await slowClient(port, 'GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: aaaaaaaa\r\n', 50, t0);
    try {
      await until(() => c.closedAt() !== null, 5000);
      expect(c.closedAt()).not.toBeNull();
      expect(c.closedAt()!).toBeLessThan(2000);
      expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      c.stop();
    }
  });
});

describe('bounded error bodies', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await createServer({ models: [loadModelArtifact(tinyArtifact())] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => app.close());

  it('a 650 kB batch of 1000 patients with 70 unknown fields each gets a small 400, not a 3 MB one', async () => {
    const extra = Object.fromEntries(Array.from({ length: 70 }, (_, j) => [`f${j}`, j]));
    const body = JSON.stringify({ patients: Array.from({ length: 1000 }, () => ({ age: 50, grade: '1', ...extra })) });
    expect(body.length).toBeGreaterThan(600_000);
    const r = await send(port, 'POST', '/v1/models/tiny-cox/predict', body);
    expect(r.status).toBe(400);
    expect(Buffer.byteLength(r.body)).toBeLessThan(50_000);
    const e = (JSON.parse(r.body) as ErrorBody).error;
    expect(e.code).toBe('invalid_input');
    expect(e.issues).toHaveLength(MAX_ERROR_ISSUES);
    expect(e.issuesOmitted).toBe(70_000 - MAX_ERROR_ISSUES);
    expect(e.issues![0]).toEqual({ path: '/patients/0/f0', message: "unknown field 'f0'" });
    expect(e.message).toMatch(/and 69999 more/);
  });

  it('echoed values, field names, model ids and URLs are cut short', async () => {
    const longLevel = await send(port, 'POST', '/v1/models/tiny-cox/predict', JSON.stringify({ age: 50, grade: 'x'.repeat(500_000) }));
    expect(longLevel.status).toBe(400);
    expect(longLevel.body.length).toBeLessThan(2000);
    expect((JSON.parse(longLevel.body) as ErrorBody).error.issues![0]!.message).toMatch(/^must be one of "1", "2", "3", got "x{39}… \(500002 characters\)$/);
    const longKey = await send(port, 'POST', '/v1/models/tiny-cox/predict', JSON.stringify({ age: 50, grade: '1', ['k'.repeat(300_000)]: 1 }));
    expect(longKey.status).toBe(400);
    expect(longKey.body.length).toBeLessThan(2000);
    const longId = await send(port, 'GET', `/v1/models/${'m'.repeat(99)}`, null);
    expect(longId.status).toBe(404);
    expect((JSON.parse(longId.body) as ErrorBody).error.message).toMatch(/^Unknown model 'm{59}… \(40 more characters\)' \(known: tiny-cox\)$/);
    const tooLongId = await send(port, 'GET', `/v1/models/${'m'.repeat(5000)}`, null); // over fastify's maxParamLength
    expect(tooLongId.status).toBe(414);
    expect((JSON.parse(tooLongId.body) as ErrorBody).error.code).toBe('uri_too_long');
    expect(tooLongId.body.length).toBeLessThan(1000);
    const longRoute = await send(port, 'GET', `/v2/${'r'.repeat(8000)}`, null);
    expect(longRoute.status).toBe(404);
    expect((JSON.parse(longRoute.body) as ErrorBody).error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS + 40);
  });
});

describe('absurd numbers', () => {
  let app: FastifyInstance;
  let port: number;
  const bounded: ModelArtifact = (() => {
    const a = tinyArtifact('tiny-bounded');
    const props = (a.inputSchema as { properties: Record<string, Record<string, unknown>> }).properties;
    props.age = { ...props.age, minimum: 18, maximum: 100 };
    return a;
  })();
  beforeAll(async () => {
    app = await createServer({ models: [loadModelArtifact(tinyArtifact()), loadModelArtifact(bounded)] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => app.close());

  const post = (text: string, id = 'tiny-cox') => send(port, 'POST', `/v1/models/${id}/predict`, text);

  it('age 1e308 is refused by the plausible range (default: the training range 30-80 widened to 0-130)', async () => {
    const r = await post('{"age": 1e308, "grade": "1"}');
    expect(r.status).toBe(400);
    const issue = (JSON.parse(r.body) as ErrorBody).error.issues![0]!;
    expect(issue.path).toBe('/age');
    expect(issue.message).toBe("implausible value 1e+308: age must be in [0, 130] (the model's plausible range, widened from the training range; trained on 30-80)");
    expect((await post('{"age": -1, "grade": "1"}')).status).toBe(400);
    expect((await post('{"age": 131, "grade": "1"}')).status).toBe(400);
    // inside the plausible range but outside the training range: predicted, with the extrapolation warning
    const edge = await post('{"age": 130, "grade": "1"}');
    expect(edge.status).toBe(200);
    expect(edge.body).toMatch(/outside the training range 30-80/);
  });

  it('1e400 (Infinity after JSON.parse) is "not a finite number", never "expected number, got number"', async () => {
    for (const text of ['{"age": 1e400, "grade": "1"}', '{"age": -1e400, "grade": "1"}', '{"patients": [{"age": 1e400, "grade": "1"}]}']) {
      const r = await post(text);
      expect(r.status).toBe(400);
      const msg = (JSON.parse(r.body) as ErrorBody).error.issues![0]!.message;
      expect(msg).toMatch(/^expected a finite number, got a number that is not finite \(JSON numbers beyond ±1\.8e308, such as 1e400, read as Infinity\)$/);
      expect(r.body).not.toMatch(/expected number, got number/);
    }
    const h = await post('{"age": 50, "grade": "1", "horizons": [1e400]}');
    expect((JSON.parse(h.body) as ErrorBody).error.issues![0]).toMatchObject({ path: '/horizons/0', message: expect.stringMatching(/^expected a finite number, got a number that is not finite/) });
  });

  it("the artifact's own minimum/maximum are enforced and served in the input schema and OpenAPI", async () => {
    const low = await post('{"age": 17, "grade": "1"}', 'tiny-bounded');
    expect(low.status).toBe(400);
    expect((JSON.parse(low.body) as ErrorBody).error.issues![0]!.message).toBe("implausible value 17: age must be in [18, 100] (the model's plausible range; trained on 30-80)");
    expect((await post('{"age": 100, "grade": "1"}', 'tiny-bounded')).status).toBe(200);
    const detail = JSON.parse((await send(port, 'GET', '/v1/models/tiny-bounded', null)).body) as { inputSchema: { properties: { age: Record<string, unknown> } } };
    expect(detail.inputSchema.properties.age).toMatchObject({ type: 'number', minimum: 18, maximum: 100, 'x-plausible-range-source': 'inputSchema' });
    const dflt = JSON.parse((await send(port, 'GET', '/v1/models/tiny-cox', null)).body) as { inputSchema: { properties: { age: Record<string, unknown> } } };
    expect(dflt.inputSchema.properties.age).toMatchObject({ minimum: 0, maximum: 130, 'x-plausible-range-source': 'training range' });
    const doc = JSON.parse((await send(port, 'GET', '/v1/openapi.json', null)).body) as { components: { schemas: Record<string, { properties: { age: Record<string, unknown> } }> } };
    expect(doc.components.schemas['Patient_tiny-cox']!.properties.age).toMatchObject({ minimum: 0, maximum: 130 });
  });

  it('the shipped gbsg model refuses age 1e308 and a negative node count', async () => {
    const gbsg = await createServer({ modelsDir: 'models/artifacts' });
    try {
      const patient = { age: 52, meno: 1, size: 25, grade: 2, nodes: 3, pgr: 40, er: 60, hormon: 0 };
      const r = await gbsg.inject({ method: 'POST', url: '/v1/models/gbsg-cox/predict', payload: { ...patient, age: 1e308, nodes: -4 } });
      expect(r.statusCode).toBe(400);
      expect((r.json() as ErrorBody).error.issues!.map((i) => i.path)).toEqual(['/age', '/nodes']);
      expect((await gbsg.inject({ method: 'POST', url: '/v1/models/gbsg-cox/predict', payload: patient })).statusCode).toBe(200);
    } finally {
      await gbsg.close();
    }
  });
});

/** The built CLI (npm test builds it first); MIDIA_CLI_BIN points elsewhere for a run against another build. */
const BIN = process.env.MIDIA_CLI_BIN ?? join(process.cwd(), 'dist', 'cli', 'main.js');

describe('midia serve and SIGTERM (child process)', () => {
  let child: ChildProcess | null = null;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('while draining every request gets 503 shutting_down (keep-alive and new connections), and it exits 0 within the grace period with 10 slow clients connected', async () => {
    expect(existsSync(BIN), 'dist/cli/main.js is missing: npm test builds it first').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'midia-serve-term-'));
    writeFileSync(join(dir, 'tiny.json'), JSON.stringify(tinyArtifact()));
    const proc = spawn(process.execPath, [BIN, 'serve', '--models', dir, '--port', '0', '--log-level', 'info', '--drain', '1', '--shutdown-timeout', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    let err = '';
    proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((r) => proc.on('exit', (code) => r({ code, at: Date.now() })));
    await until(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(out), 20_000);
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    expect(port, err).toBeGreaterThan(0);

    const t0 = Date.now();
    const slow = await Promise.all(Array.from({ length: 10 }, () => slowClient(port, `${predictHead(100_000)}{"age": `, '5', 100, t0)));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await send(port, 'GET', '/v1/health', null, agent)).status).toBe(200);
      const termAt = Date.now();
      proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      const kept = await send(port, 'GET', '/v1/health', null, agent); // the kept-alive connection
      expect(kept.status).toBe(503);
      expect((JSON.parse(kept.body) as ErrorBody).error.code).toBe('shutting_down');
      const fresh = await send(port, 'POST', '/v1/models/tiny-cox/predict', JSON.stringify({ age: 50, grade: '1' })); // a new connection
      expect(fresh.status).toBe(503);
      const { code, at } = await exited;
      expect(code, err).toBe(0);
      // drain 1 s + 2 s for requests in flight, well inside the 5 s grace period (and the default 10 s)
      expect(at - termAt).toBeLessThan(4500);
      await until(() => slow.every((c) => c.closedAt() !== null), 2000);
      expect(slow.every((c) => c.closedAt() !== null)).toBe(true);
      const logs = err.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
      expect(logs.some((l) => l.msg === 'shutting down: finishing in-flight requests')).toBe(true);
      expect(logs.some((l) => l.msg === 'closed')).toBe(true);
    } finally {
      agent.destroy();
      slow.forEach((c) => c.stop());
    }
  }, 30_000);
});
