/**
 * Reading a model artifact file (models/risk/artifact): the one place a
 * surface's model path becomes a validated artifact.
 */
import { readFileSync } from 'node:fs';
import { loadModelArtifact } from '../../models/risk/artifact/load.js';
import type { ModelArtifact } from '../../models/risk/artifact/types.js';
import { UsageError } from '../../util/errors.js';

export type { ModelArtifact } from '../../models/risk/artifact/types.js';

/**
 * Reads and validates an artifact file.
 * @throws UsageError when the file cannot be read; DataValidationError (naming the file and field) for an invalid artifact.
 * @example const model = readModelArtifact('gbsg.json')
 */
export function readModelArtifact(path: string): ModelArtifact {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read model '${path}': ${(e as Error).message}`);
  }
  return loadModelArtifact(text, { source: path });
}
