// Decodes the protobuf request bodies of kubectl's typed clients into the JSON object the same command
// would have sent as JSON. Wire facts (envelope, presence, Time, IntOrString, Quantity) are from notes §5.3;
// the envelope layout is k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go (4-byte magic
// "k8s\0" followed by a runtime.Unknown message).
import protobuf from 'protobufjs/minimal.js';
import { MESSAGES, ROOT_MESSAGES, type FieldSpec, type MessageSchema } from './wire-schema.js';

type Reader = protobuf.Reader;
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

/** Thrown for any body that is not a decodable Kubernetes protobuf envelope; the server answers 415 or 400. */
export class ProtobufDecodeError extends Error {
  constructor(
    message: string,
    readonly unsupportedKind: boolean = false,
  ) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

export function hasProtobufMagic(body: Uint8Array): boolean {
  return body.length >= 4 && MAGIC.every((b, i) => body[i] === b);
}

/** Decodes a `k8s\0` + runtime.Unknown body into a JSON object with apiVersion and kind set. */
export function decodeKubernetesProtobuf(body: Uint8Array): JsonObject {
  if (!hasProtobufMagic(body)) throw new ProtobufDecodeError('missing the k8s protobuf magic prefix');
  const envelope = guard(() => decodeMessage(protobuf.Reader.create(body.subarray(4)), MESSAGES.Unknown ?? {}, undefined, true));
  const typeMeta = (envelope.typeMeta ?? {}) as JsonObject;
  const apiVersion = typeof typeMeta.apiVersion === 'string' ? typeMeta.apiVersion : '';
  const kind = typeof typeMeta.kind === 'string' ? typeMeta.kind : '';
  const raw = rawBytes(body);
  const root = ROOT_MESSAGES[`${apiVersion}/${kind}`];
  if (!root) throw new ProtobufDecodeError(`no protobuf decoder for ${apiVersion || '<none>'}, Kind=${kind || '<none>'}`, true);
  const schema = MESSAGES[root];
  if (!schema) throw new ProtobufDecodeError(`missing schema ${root}`);
  const object = guard(() => decodeMessage(protobuf.Reader.create(raw), schema, root));
  return { apiVersion, kind, ...object };
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw err;
    throw new ProtobufDecodeError(`malformed protobuf body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The envelope's field 2 (raw) read again as bytes; decodeMessage turns bytes into base64 for JSON. */
function rawBytes(body: Uint8Array): Uint8Array {
  const reader = protobuf.Reader.create(body.subarray(4));
  let raw: Uint8Array = new Uint8Array(0);
  guard(() => {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === 2 && (tag & 7) === WIRE_LENGTH_DELIMITED) raw = reader.bytes();
      else reader.skipType(tag & 7);
    }
  });
  return raw;
}

function decodeMessage(reader: Reader, schema: MessageSchema, name: string | undefined, rawAsBytes = false, end = reader.len): JsonObject {
  const out: JsonObject = {};
  let depthGuard = 0;
  while (reader.pos < end) {
    if (++depthGuard > 1_000_000) throw new ProtobufDecodeError('too many fields');
    const tag = reader.uint32();
    const fieldNo = tag >>> 3;
    const wire = tag & 7;
    if (fieldNo === 0) throw new ProtobufDecodeError('invalid field number 0');
    const spec = schema[fieldNo];
    if (!spec) {
      reader.skipType(wire);
      continue;
    }
    if (rawAsBytes && spec.kind === 'bytes') {
      reader.skipType(wire); // the envelope's raw payload is re-read by rawBytes
      continue;
    }
    if (spec.map) {
      expectWire(wire, WIRE_LENGTH_DELIMITED, spec, name);
      const [key, value] = readMapEntry(reader, spec);
      const target = (out[spec.name] ??= {}) as JsonObject;
      target[key] = value;
      continue;
    }
    if (spec.repeated && spec.kind !== 'message' && wire === WIRE_LENGTH_DELIMITED && isPackable(spec)) {
      // proto3-style packed repeated scalars; gogo does not emit them for Kubernetes types, but accept them.
      const len = reader.uint32();
      const stop = reader.pos + len;
      const list = (out[spec.name] ??= []) as JsonValue[];
      while (reader.pos < stop) list.push(readScalar(reader, spec, WIRE_VARINT, name));
      continue;
    }
    const value = readValue(reader, spec, wire, name);
    if (spec.inline) {
      if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, value);
      continue;
    }
    if (spec.repeated) {
      ((out[spec.name] ??= []) as JsonValue[]).push(value ?? null);
      continue;
    }
    if (value === undefined) {
      delete out[spec.name];
      continue;
    }
    out[spec.name] = value;
  }
  return out;
}

function isPackable(spec: FieldSpec): boolean {
  return spec.kind === 'int' || spec.kind === 'bool';
}

function expectWire(wire: number, expected: number, spec: FieldSpec, name: string | undefined): void {
  if (wire !== expected) throw new ProtobufDecodeError(`field ${name ?? '?'}.${spec.name}: wire type ${wire}, expected ${expected}`);
}

/** Returns undefined for a zero value that JSON `omitempty` would drop. */
function readValue(reader: Reader, spec: FieldSpec, wire: number, name: string | undefined): JsonValue | undefined {
  switch (spec.kind) {
    case 'message': {
      expectWire(wire, WIRE_LENGTH_DELIMITED, spec, name);
      const len = reader.uint32();
      const sub = MESSAGES[spec.message ?? 'Opaque'] ?? {};
      const stop = reader.pos + len;
      if (stop > reader.len) throw new ProtobufDecodeError(`field ${spec.name}: length past the end`);
      return decodeMessage(reader, sub, spec.message, false, stop);
    }
    case 'time':
    case 'intOrString':
    case 'quantity': {
      expectWire(wire, WIRE_LENGTH_DELIMITED, spec, name);
      const len = reader.uint32();
      return readSpecial(reader, spec, reader.pos + len);
    }
    default: {
      const value = readScalar(reader, spec, wire, name);
      if (spec.repeated || spec.pointer) return value;
      return value === '' || value === 0 || value === false ? undefined : value;
    }
  }
}

function readScalar(reader: Reader, spec: FieldSpec, wire: number, name: string | undefined): string | number | boolean {
  switch (spec.kind) {
    case 'string':
      expectWire(wire, WIRE_LENGTH_DELIMITED, spec, name);
      return reader.string();
    case 'bytes':
      expectWire(wire, WIRE_LENGTH_DELIMITED, spec, name);
      return Buffer.from(reader.bytes()).toString('base64');
    case 'int':
      expectWire(wire, WIRE_VARINT, spec, name);
      return toNumber(reader.int64());
    case 'bool':
      expectWire(wire, WIRE_VARINT, spec, name);
      return reader.bool();
    default:
      throw new ProtobufDecodeError(`field ${spec.name}: unexpected scalar kind ${spec.kind}`);
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') {
    return Number(value.toNumber());
  }
  return Number(value);
}

function readSpecial(reader: Reader, spec: FieldSpec, stop: number): JsonValue {
  if (stop > reader.len) throw new ProtobufDecodeError(`field ${spec.name}: length past the end`);
  let seconds = 0;
  let intType = 0;
  let intVal = 0;
  let strVal = '';
  let quantity = '';
  while (reader.pos < stop) {
    const tag = reader.uint32();
    const no = tag >>> 3;
    const wire = tag & 7;
    if (spec.kind === 'time' && no === 1 && wire === WIRE_VARINT) seconds = toNumber(reader.int64());
    else if (spec.kind === 'intOrString' && no === 1 && wire === WIRE_VARINT) intType = toNumber(reader.int64());
    else if (spec.kind === 'intOrString' && no === 2 && wire === WIRE_VARINT) intVal = reader.int32();
    else if (spec.kind === 'intOrString' && no === 3 && wire === WIRE_LENGTH_DELIMITED) strVal = reader.string();
    else if (spec.kind === 'quantity' && no === 1 && wire === WIRE_LENGTH_DELIMITED) quantity = reader.string();
    else reader.skipType(wire);
  }
  if (spec.kind === 'time') return seconds === 0 ? null : new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (spec.kind === 'intOrString') return intType === 1 ? strVal : intVal;
  return quantity;
}

function readMapEntry(reader: Reader, spec: FieldSpec): [string, JsonValue] {
  const len = reader.uint32();
  const stop = reader.pos + len;
  if (stop > reader.len) throw new ProtobufDecodeError(`map ${spec.name}: length past the end`);
  let key = '';
  let value: JsonValue = spec.kind === 'string' || spec.kind === 'quantity' || spec.kind === 'bytes' ? '' : null;
  while (reader.pos < stop) {
    const tag = reader.uint32();
    const no = tag >>> 3;
    const wire = tag & 7;
    if (no === 1 && wire === WIRE_LENGTH_DELIMITED) key = reader.string();
    else if (no === 2 && (spec.kind === 'quantity' || spec.kind === 'message')) {
      expectWire(wire, WIRE_LENGTH_DELIMITED, spec, 'map');
      const l = reader.uint32();
      value =
        spec.kind === 'quantity'
          ? readSpecial(reader, spec, reader.pos + l)
          : decodeMessage(reader, MESSAGES[spec.message ?? 'Opaque'] ?? {}, spec.message, false, reader.pos + l);
    } else if (no === 2) value = readScalar(reader, spec, wire, 'map');
    else reader.skipType(wire);
  }
  return [key, value];
}
