// The Kafka mappings must reach the native handlers only through the broker's table (where the
// ACL checks are applied): a mapping importing a handler module would skip authorization.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HandlerContext, HandlerTable } from '../../../../server/handlers/context.js';
import { nativeHandler, type KafkaContext } from '../../../../server/kafka/context.js';

const KAFKA_DIR = join(import.meta.dirname, '../../../../server/kafka');

describe('Kafka mappings and the native handler table', () => {
  it('no mapping imports a native handler module (types only)', () => {
    const offenders = readdirSync(KAFKA_DIR)
      .filter((file) => file.endsWith('.ts'))
      .filter((file) =>
        /^import (?!type )[^;]*from '\.\.\/handlers\//m.test(readFileSync(join(KAFKA_DIR, file), 'utf8')),
      );
    expect(offenders).toEqual([]);
  });

  it('nativeHandler returns the table entry, and throws on a missing one', async () => {
    const wrapped = () => ({ errorCode: 30 });
    const native: HandlerTable = { Heartbeat: wrapped };
    const context = { native } as unknown as KafkaContext;
    const handler = nativeHandler(context, 'Heartbeat');
    expect(
      await handler({ groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null }, context as HandlerContext),
    ).toEqual({
      errorCode: 30,
    });
    expect(() => nativeHandler(context, 'Produce')).toThrow(/no native Produce handler/);
  });
});
