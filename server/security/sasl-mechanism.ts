// One SASL exchange on the server side: bytes from the client in, the next step out. The
// mechanisms are pure state machines, so the native and the Kafka-protocol front ends share them.

export type SaslStep =
  /** Send these bytes and wait for the client's next message. */
  | { readonly kind: 'challenge'; readonly bytes: Buffer }
  /** Authenticated as `username`; send the final bytes (may be empty). */
  | { readonly kind: 'success'; readonly bytes: Buffer; readonly username: string }
  /** `reason` is for the broker's log; the client is told only that authentication failed. */
  | { readonly kind: 'failure'; readonly reason: string; readonly username?: string };

export interface SaslMechanismServer {
  step(input: Buffer): SaslStep;
}

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanismName = (typeof SASL_MECHANISMS)[number];

export function isSaslMechanism(name: string): name is SaslMechanismName {
  return (SASL_MECHANISMS as readonly string[]).includes(name);
}
