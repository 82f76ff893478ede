/**
 * A small hand-made Cox artifact for the service tests: two covariates
 * (numeric `age`, categorical `grade` with levels 1-3), known coefficients and
 * baseline hazard, so every expected risk can be worked by hand:
 * risk(h) = 1 - exp(-H0(h) · exp(0.03·(age - 50) + 0.5·[grade = 2] + 1.0·[grade = 3])).
 */
import type { ModelArtifact } from '../../models/risk/artifact/types.js';
import { handMadeCoxArtifact } from '../helpers/hand-made-artifact.js';
import { request as httpRequest, type Agent } from 'node:http';

export function tinyArtifact(id = 'tiny-cox'): ModelArtifact {
  return handMadeCoxArtifact({
    id,
    age: { range: [30, 80], description: 'age at surgery, years' },
    gradeDescription: 'tumour grade',
    centers: [50, 0, 0],
    coefficients: [0.03, 0.5, 1.0],
    baseline: { grid: [0, 1, 2, 3, 4, 5], cumulativeHazard: [0, 0.02, 0.05, 0.09, 0.12, 0.15], gridRule: 'yearly, hand-made' },
    horizons: [3, 5],
    medianFollowUp: 4,
    note: 'hand-made test artifact',
    card: { title: 'Tiny test model', intendedUse: 'Service tests only', population: 'None (hand-made)', horizon: '3 and 5 years', limitations: ['Not a real model'], authors: ['test'], version: '1.0.0' },
  });
}

/** Expected risk at horizon index k of the tiny model's grid. */
export function tinyRisk(age: number, grade: '1' | '2' | '3', h0: number): number {
  const lp = 0.03 * (age - 50) + (grade === '2' ? 0.5 : 0) + (grade === '3' ? 1.0 : 0);
  return 1 - Math.exp(-h0 * Math.exp(lp));
}

/** Status and body text of one HTTP reply. */
export interface Reply { status: number; body: string }

/** One HTTP request to the service on 127.0.0.1 (keep-alive when given an Agent). */
export function send(port: number, method: string, path: string, body: string | null, agent: Agent | false = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, agent, headers: body !== null ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    if (body !== null) req.write(body);
    req.end();
  });
}
