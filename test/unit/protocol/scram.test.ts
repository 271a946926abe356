import { describe, expect, it } from 'vitest';
import {
  escapeScramName,
  hash,
  hmac,
  parseScramAttributes,
  saltedPassword,
  scramCredential,
  unescapeScramName,
  xor,
} from '../../../protocol/scram.js';

describe('SCRAM arithmetic', () => {
  // RFC 7677 section 3: the SCRAM-SHA-256 example exchange.
  it('reproduces the RFC 7677 example proof and server signature', () => {
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const clientFirstBare = 'n=user,r=rOprNGfwEbeRWgbNEkqO';
    const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    const clientFinalBare = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
    const authMessage = `${clientFirstBare},${serverFirst},${clientFinalBare}`;
    const salted = saltedPassword('SCRAM-SHA-256', 'pencil', salt, 4096);
    const clientKey = hmac('SCRAM-SHA-256', salted, 'Client Key');
    const proof = xor(clientKey, hmac('SCRAM-SHA-256', hash('SCRAM-SHA-256', clientKey), authMessage));
    expect(proof.toString('base64')).toBe('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
    const credential = scramCredential('SCRAM-SHA-256', 'pencil', salt);
    expect(hmac('SCRAM-SHA-256', credential.serverKey, authMessage).toString('base64')).toBe(
      '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
    );
  });

  it('derives 64-byte keys for SCRAM-SHA-512', () => {
    const credential = scramCredential('SCRAM-SHA-512', 'pw', Buffer.alloc(16, 1));
    expect(credential.storedKey).toHaveLength(64);
    expect(credential.serverKey).toHaveLength(64);
  });

  it('parses attributes and refuses broken syntax or repeated names', () => {
    expect(parseScramAttributes('n=alice,r=abc')).toEqual(
      new Map([
        ['n', 'alice'],
        ['r', 'abc'],
      ]),
    );
    expect(parseScramAttributes('n=alice,n=bob')).toBeUndefined();
    expect(parseScramAttributes('alice')).toBeUndefined();
    expect(parseScramAttributes('')).toBeUndefined();
  });

  it('escapes , and = in names and refuses unknown escapes', () => {
    expect(escapeScramName('a,b=c')).toBe('a=2Cb=3Dc');
    expect(unescapeScramName('a=2Cb=3Dc')).toBe('a,b=c');
    expect(unescapeScramName('a=2Xb')).toBeUndefined();
  });
});
