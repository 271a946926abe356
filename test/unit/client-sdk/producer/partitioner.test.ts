import { describe, expect, it } from 'vitest';
import { murmur2, murmur2Ascii, toPositive } from '../../../../client-sdk/producer/murmur2.js';
import {
  createDefaultPartitioner,
  partitionForKey,
  Partitioners,
} from '../../../../client-sdk/producer/partitioner.js';
import type { PartitionMetadata } from '../../../../client-sdk/types.js';

// Every vector of the reference doc §10 (Kafka's UtilsTest and KafkaJS's spec).
const vectors: [key: string, hash: number, positive: number, n3: number, n4: number, n6: number][] = [
  ['21', -973932308, 1173551340, 0, 0, 0],
  ['foobar', -790332482, 1357151166, 0, 2, 0],
  ['a-little-bit-long-string', -985981536, 1161502112, 2, 0, 2],
  ['abc', 479470107, 479470107, 0, 3, 3],
  ['0', 971027396, 971027396, 2, 0, 2],
  ['1', -1993445489, 154038159, 0, 3, 3],
  ['100:48069', 1009543857, 1009543857, 0, 1, 3],
];

const partitions = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionId,
    partitionErrorCode: 0,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));

describe('murmur2 (Kafka Java variant)', () => {
  it.each(vectors)('hashes %j as Kafka does', (key, hash, positive, n3, n4, n6) => {
    expect(murmur2(Buffer.from(key))).toBe(hash);
    expect(toPositive(murmur2(Buffer.from(key)))).toBe(positive);
    expect(partitionForKey(key, 3)).toBe(n3);
    expect(partitionForKey(key, 4)).toBe(n4);
    expect(partitionForKey(Buffer.from(key), 6)).toBe(n6);
  });

  it('toPositive clears the sign bit rather than taking the absolute value', () => {
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(5)).toBe(5);
  });

  it('hashes ASCII strings from their characters exactly as from their bytes, and leaves the rest to the bytes', () => {
    const random = (length: number) =>
      Array.from({ length }, () => String.fromCharCode(32 + Math.floor(Math.random() * 95))).join('');
    for (let length = 0; length < 40; length++) {
      const key = random(length);
      expect(murmur2Ascii(key)).toBe(murmur2(Buffer.from(key)));
    }
    for (const key of ['é', 'abcé', 'abcdé', '日本語キー', 'a\u0080', '\u00ff\u00ff\u00ff\u00ff']) {
      expect(murmur2Ascii(key)).toBeUndefined();
      expect(partitionForKey(key, 7)).toBe(toPositive(murmur2(Buffer.from(key))) % 7);
    }
  });

  it('hashes the empty key', () => {
    expect(Number.isInteger(murmur2(Buffer.alloc(0)))).toBe(true);
  });
});

describe('default partitioner', () => {
  it('sends keyed records to the murmur2 partition', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const [key, , , n3, n4, n6] of vectors) {
      expect(partitioner({ topic: 't', partitionMetadata: partitions(3), message: { key, value: null } })).toBe(n3);
      expect(
        partitioner({ topic: 't', partitionMetadata: partitions(4), message: { key: Buffer.from(key), value: null } }),
      ).toBe(n4);
      expect(partitioner({ topic: 't', partitionMetadata: partitions(6), message: { key, value: 'v' } })).toBe(n6);
    }
  });

  it('sticks unkeyed records to one partition until a batch to it closes, then moves on', () => {
    let seed = 0;
    const partitioner = createDefaultPartitioner(() => (seed = (seed * 9301 + 49297) % 233280) / 233280);
    const args = { topic: 't', partitionMetadata: partitions(8), message: { value: 'v' } };
    const first = partitioner(args);
    for (let i = 0; i < 100; i++) expect(partitioner(args)).toBe(first);
    partitioner.onNewBatch!('t', first);
    const second = partitioner(args);
    expect(second).not.toBe(first);
    // A batch closing on another partition does not move the sticky choice.
    partitioner.onNewBatch!('t', (second + 1) % 8);
    expect(partitioner(args)).toBe(second);
  });

  it('spreads unkeyed records over all partitions as batches close', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    const args = { topic: 't', partitionMetadata: partitions(4), message: { value: 'v' } };
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const p = partitioner(args);
      seen.add(p);
      partitioner.onNewBatch!('t', p);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('keeps a sticky choice per topic and avoids partitions without a leader', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    const leaderless = partitions(4).map((p) => (p.partitionId === 2 ? p : { ...p, leader: -1 }));
    for (let i = 0; i < 50; i++) {
      const p = partitioner({ topic: 'a', partitionMetadata: leaderless, message: { value: 'v' } });
      expect(p).toBe(2);
      partitioner.onNewBatch!('a', p);
    }
  });

  it('round robin partitioner cycles unkeyed records', () => {
    const partitioner = Partitioners.RoundRobinPartitioner();
    const args = { topic: 't', partitionMetadata: partitions(3), message: { value: 'v' } };
    expect([0, 1, 2, 3].map(() => partitioner(args))).toEqual([0, 1, 2, 0]);
  });
});
