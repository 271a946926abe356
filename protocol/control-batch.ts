// Transaction markers (control batches), in Kafka's layout: a batch with the transactional and
// control attribute bits, the producer's id and epoch, and one record whose key is
// (version int16 = 0, type int16: 0 = abort, 1 = commit) and whose value is (version int16 = 0,
// coordinator epoch int32). The broker writes them; consumers never hand them to the application.
import { crc32c } from './crc32c.js';
import {
  CONTROL_FLAG,
  CONTROL_TYPE_ABORT,
  CONTROL_TYPE_COMMIT,
  encodeRecordBatch,
  TRANSACTIONAL_FLAG,
} from './record-batch.js';

const ATTRIBUTES_AT = 21;
const CRC_AT = 17;
const CRC_FROM = 21;

/** A commit or abort marker for the producer's transaction on one partition. */
export function encodeControlBatch(
  producerId: number,
  producerEpoch: number,
  commit: boolean,
  now = Date.now(),
): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(commit ? CONTROL_TYPE_COMMIT : CONTROL_TYPE_ABORT, 2);
  const value = Buffer.alloc(6); // version 0, coordinator epoch 0
  const batch = encodeRecordBatch([{ key, value, timestamp: now }], now, {
    producerId,
    producerEpoch,
    baseSequence: -1,
  });
  batch.writeInt16BE(TRANSACTIONAL_FLAG | CONTROL_FLAG, ATTRIBUTES_AT);
  batch.writeUInt32BE(crc32c(batch, CRC_FROM, batch.length), CRC_AT);
  return batch;
}
