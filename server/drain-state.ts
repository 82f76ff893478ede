/**
 * Whether a service instance is draining (shutting down): set by the graceful
 * shutdown (./shutdown.ts), read by the request hook of ./app.ts, which then
 * answers every new request 503 `shutting_down` with `Connection: close`
 * instead of letting the client run into a reset connection.
 */

const draining = new WeakSet<object>();

/** Marks the instance as draining (irreversible: an instance that drains is closing). */
export function startDraining(app: object): void {
  draining.add(app);
}

/** True once {@link startDraining} was called for the instance. */
export function isDraining(app: object): boolean {
  return draining.has(app);
}
