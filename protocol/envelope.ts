// Encodes and decodes the envelope (RequestFrame / ResponseFrame) and the API bodies inside it.
// Decoding with defaults fills every absent field, so handlers never see undefined lists.
import type protobuf from 'protobufjs';
import { type ApiSpec } from './apis.js';
import { checkElementCount } from './element-count.js';
import { encodeFrame } from './framing.js';
import type { RequestFrame, ResponseFrame } from './messages.js';
import { codecReader, messageType } from './schema.js';

const requestFrameType = messageType('RequestFrame');
const responseFrameType = messageType('ResponseFrame');
const toObjectOptions: protobuf.IConversionOptions = { defaults: true, arrays: true, objects: true };

const typeCache = new Map<string, protobuf.Type>();
function typeOf(name: string): protobuf.Type {
  let type = typeCache.get(name);
  if (!type) {
    type = messageType(name);
    typeCache.set(name, type);
  }
  return type;
}

function decodeWithDefaults<T>(type: protobuf.Type, bytes: Uint8Array): T {
  return type.toObject(type.decode(codecReader(bytes)), toObjectOptions) as T;
}

export function encodeBody(typeName: string, message: object): Uint8Array {
  return typeOf(typeName).encode(message).finish();
}

/**
 * Throws when the bytes are not a valid encoding of the type, and (before decoding anything)
 * TooManyElementsError when they hold more than `maxElements` repeated elements and embedded messages.
 */
export function decodeBody<T>(typeName: string, bytes: Uint8Array, maxElements?: number): T {
  const type = typeOf(typeName);
  if (maxElements !== undefined) checkElementCount(type, bytes, maxElements);
  return decodeWithDefaults<T>(type, bytes);
}

export function encodeRequestFrame(
  spec: ApiSpec,
  version: number,
  correlationId: number,
  clientId: string,
  request: object,
): Buffer {
  const body = encodeBody(spec.request, request);
  return encodeFrame(
    requestFrameType.encode({ apiKey: spec.key, apiVersion: version, correlationId, clientId, body }).finish(),
  );
}

export function decodeRequestFrame(frame: Uint8Array): RequestFrame {
  return decodeWithDefaults<RequestFrame>(requestFrameType, frame);
}

export function encodeResponseFrame(correlationId: number, body: Uint8Array, errorCode = 0, errorMessage = ''): Buffer {
  return encodeFrame(responseFrameType.encode({ correlationId, errorCode, errorMessage, body }).finish());
}

export function decodeResponseFrame(frame: Uint8Array): ResponseFrame {
  return decodeWithDefaults<ResponseFrame>(responseFrameType, frame);
}
