/**
 * Typed refusals of the consent registry (both exit 2 on the command line:
 * nothing was recorded).
 */
import { MidiaError } from '../../util/errors.js';

/**
 * A consent change names a pseudonym the store holds no patient for (often a
 * typo). Recording it anyway needs `allowUnknown` (`--allow-unknown`): the
 * patient's data are then expected in a later import.
 */
export class UnknownPseudonymError extends MidiaError {
  readonly pseudonym: string;
  constructor(pseudonym: string, store: string) {
    super(
      'E_UNKNOWN_PSEUDONYM',
      `unknown pseudonym '${pseudonym}': the store ${store} holds no patient with it, so nothing was recorded (check it for a typo; if the patient's data will be imported later, repeat with --allow-unknown)`,
    );
    this.pseudonym = pseudonym;
  }
}

/**
 * A consent change that would not do what it says, e.g. a revocation dated
 * before the grant it should override (that grant would stay in force).
 */
export class ConsentConflictError extends MidiaError {
  constructor(message: string) {
    super('E_CONSENT_CONFLICT', message);
  }
}

/**
 * A consent change for a patient not in the store whose pseudonym is not of an
 * accepted form (engine/privacy/pseudonym-format.ts): a name, a date or a raw
 * hospital number is never recorded, even with `allowUnknown`.
 */
export class UnacceptedPseudonymError extends MidiaError {
  readonly pseudonym: string;
  constructor(pseudonym: string, accepted: string) {
    super('E_PSEUDONYM_FORM', `'${pseudonym}' is not a pseudonym of an accepted form (${accepted}), so nothing was recorded`);
    this.pseudonym = pseudonym;
  }
}
