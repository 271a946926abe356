export * from './apis.js';
export * from './crc32c.js';
export * from './envelope.js';
export * from './errors.js';
export * from './framing.js';
export * from './messages.js';
export * from './record-batch.js';
export * from './topic-name.js';
