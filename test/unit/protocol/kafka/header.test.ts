// One port for both protocols rests on one fact: a native request frame never starts with a 0
// byte, and a Kafka request always does. These tests prove both halves.
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../../protocol/apis.js';
import { encodeRequestFrame } from '../../../../protocol/envelope.js';
import { FRAME_HEADER_BYTES } from '../../../../protocol/framing.js';
import { isKafkaFrame } from '../../../../protocol/kafka/header.js';
import { kafkaApis } from '../../../../protocol/kafka/generated/index.js';
import { messageType } from '../../../../protocol/schema.js';
import { kafkaRequestFrame } from '../../../helpers/kafka-raw.js';

describe('telling Kafka frames from native ones', () => {
  it('every field of the native envelope is tagged with a number of 1 or more, so its first byte is never 0', () => {
    const envelope = messageType('RequestFrame');
    for (const field of envelope.fieldsArray) {
      expect(field.id).toBeGreaterThanOrEqual(1);
      // A protobuf tag byte is (field number << 3) | wire type: at least 8 for field 1.
      expect(field.id << 3).toBeGreaterThanOrEqual(8);
    }
  });

  it('no native request frame, of any API and any header values, is taken for a Kafka one', () => {
    for (const spec of allApis) {
      for (const [version, correlationId, clientId] of [
        [0, 0, ''],
        [0, 1, 'c'],
        [spec.maxVersion, 2 ** 31 - 1, 'client'],
      ] as const) {
        const frame = encodeRequestFrame(spec, version, correlationId, clientId, {});
        const body = frame.subarray(FRAME_HEADER_BYTES);
        expect(isKafkaFrame(body)).toBe(false);
      }
    }
  });

  it('every Kafka request served starts with a 0 byte (API keys are below 256)', () => {
    for (const [name, spec] of Object.entries(kafkaApis)) {
      expect(spec.key).toBeLessThan(256);
      const frame = kafkaRequestFrame(name as keyof typeof kafkaApis, spec.minVersion, 1, {});
      expect(isKafkaFrame(frame.subarray(FRAME_HEADER_BYTES))).toBe(true);
    }
  });

  it('an empty frame is native (an envelope of all defaults encodes to nothing)', () => {
    expect(isKafkaFrame(new Uint8Array(0))).toBe(false);
  });
});
