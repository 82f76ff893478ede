/**
 * `midia serve`: flag handling, start-up on an ephemeral loopback port with
 * JSON logs on stderr, and shutdown on a signal (SIGUSR2 here, so the test
 * runner's own SIGTERM handling is not involved; SIGTERM/SIGINT take the same path).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseByteSize, startServe } from '../../cli/commands/serve.js';
import { runCli } from '../../cli/run.js';
import { tinyArtifact } from './fixture.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (c: Buffer) => (text.out += c.toString()));
  stderr.on('data', (c: Buffer) => (text.err += c.toString()));
  return { io: { stdout, stderr, showProgress: false, env: {} }, text };
}

function modelsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'midia-serve-'));
  writeFileSync(join(dir, 'tiny.json'), JSON.stringify(tinyArtifact()));
  return dir;
}

describe('midia serve', () => {
  it('parses --body-limit sizes', () => {
    expect(parseByteSize('1mb')).toBe(1048576);
    expect(parseByteSize('512KB')).toBe(524288);
    expect(parseByteSize('4096')).toBe(4096);
    expect(() => parseByteSize('lots')).toThrow(/--body-limit/);
    expect(() => parseByteSize('0')).toThrow(/at least 1 byte/);
  });

  it('--help, and usage errors before listening', async () => {
    const h = io();
    expect(await runCli(['serve', '--help'], h.io)).toBe(0);
    expect(h.text.out).toMatch(/POST \/v1\/models\/\{id\}\/predict/);
    const noModels = io();
    expect(await runCli(['serve'], noModels.io)).toBe(1);
    expect(noModels.text.err).toMatch(/--models is required/);
    const badPort = io();
    expect(await runCli(['serve', '--models', modelsDir(), '--port', '70000'], badPort.io)).toBe(1);
    const badDir = io();
    expect(await runCli(['serve', '--models', join(tmpdir(), 'does-not-exist-midia')], badDir.io)).toBe(1);
    expect(badDir.text.err).toMatch(/Cannot read the models directory/);
    const badTimeouts = io();
    expect(await runCli(['serve', '--models', modelsDir(), '--drain', '5', '--shutdown-timeout', '6'], badTimeouts.io)).toBe(1);
    expect(badTimeouts.text.err).toMatch(/--shutdown-timeout must be more than --drain \+ 2 seconds/);
    const badRequestTimeout = io();
    expect(await runCli(['serve', '--models', modelsDir(), '--request-timeout', '0'], badRequestTimeout.io)).toBe(1);
    expect(badRequestTimeout.text.err).toMatch(/--request-timeout must be at least/);
    const invalid = mkdtempSync(join(tmpdir(), 'midia-serve-bad-'));
    writeFileSync(join(invalid, 'x.json'), JSON.stringify({ ...tinyArtifact(), formatVersion: 99 }));
    const bad = io();
    expect(await runCli(['serve', '--models', invalid], bad.io)).toBe(2);
    expect(bad.text.err).toMatch(/formatVersion/);
  });

  it('listens on an ephemeral port, logs JSON to stderr, and stops on a signal after finishing', async () => {
    const s = io();
    const { url, closed, app } = await startServe(
      { modelsDir: modelsDir(), port: 0, host: '127.0.0.1', bodyLimit: 1024, maxBatch: 10, logLevel: 'info', signals: ['SIGUSR2'] },
      s.io,
    );
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/v1/health`);
    expect(await health.json()).toEqual({ status: 'ok', models: 1 });
    const big = await fetch(`${url}/v1/models/tiny-cox/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ patients: Array.from({ length: 100 }, () => ({ age: 50, grade: '1' })) }) });
    expect(big.status).toBe(413);
    process.emit('SIGUSR2');
    expect(await closed).toBe(0);
    expect(app.server.listening).toBe(false);
    const logs = s.text.err.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(logs.some((l) => l.msg.startsWith('Server listening at'))).toBe(true);
    expect(logs.some((l) => l.msg === 'shutting down: finishing in-flight requests')).toBe(true);
    expect(logs.some((l) => l.msg === 'closed')).toBe(true);
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });
});
