// Reading and decoding request bodies. The apiserver accepts JSON, YAML and protobuf for create/update and
// four patch types for PATCH; a PUT without Content-Type (kubectl `scale --current-replicas`) is JSON
// (notes §7 pitfall 11); anything else is 415, which kubectl does not retry (pitfall 2).
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { decodeKubernetesProtobuf, ProtobufDecodeError } from '../protobuf/protobuf-decode.js';
import { PATCH_CONTENT_TYPES, type PatchType } from '../patch/apply-patch.js';
import { badRequest, MAX_REQUEST_BODY_BYTES, requestEntityTooLarge, StatusError, unsupportedMediaType } from '../status.js';
import { mediaType } from './content-negotiation.js';

export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'] as const;

/** Reads the whole body, answering 413 (as a StatusError) past `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new StatusError(requestEntityTooLarge(limit)));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new StatusError(requestEntityTooLarge(limit)));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

export type DecodedBody = { kind: 'object'; value: Record<string, unknown> } | { kind: 'patch'; type: PatchType; text: string };

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON text to an object, with the apiserver's wording for a syntax error. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new StatusError(badRequest(`the object provided is unrecognized: ${err instanceof Error ? err.message : String(err)}`));
  }
  if (!isMap(value)) throw new StatusError(badRequest('the object provided is unrecognized: expected a JSON object'));
  return value;
}

/** Decodes a POST/PUT (object) or PATCH (patch text) body by its Content-Type. */
export function decodeBody(method: string, contentType: string | undefined, body: Buffer): DecodedBody {
  const type = mediaType(contentType);
  if (method === 'PATCH') {
    const patchType = PATCH_CONTENT_TYPES[type];
    if (!patchType) throw new StatusError(unsupportedMediaType(type, Object.keys(PATCH_CONTENT_TYPES)));
    return { kind: 'patch', type: patchType, text: body.toString('utf8') };
  }
  if (type === '' || type === 'application/json' || type === '*/*') return { kind: 'object', value: parseJsonObject(body.toString('utf8')) };
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    let value: unknown;
    try {
      value = parseYaml(body.toString('utf8'), { maxAliasCount: 100 });
    } catch (err) {
      throw new StatusError(badRequest(`the object provided is unrecognized: ${err instanceof Error ? err.message : String(err)}`));
    }
    if (!isMap(value)) throw new StatusError(badRequest('the object provided is unrecognized: expected a YAML mapping'));
    return { kind: 'object', value };
  }
  if (type === 'application/vnd.kubernetes.protobuf') {
    try {
      return { kind: 'object', value: decodeKubernetesProtobuf(body) };
    } catch (err) {
      if (err instanceof ProtobufDecodeError && err.unsupportedKind) {
        throw new StatusError(unsupportedMediaType(type, ['application/json', 'application/yaml']));
      }
      throw new StatusError(badRequest(`the object provided is unrecognized: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
  throw new StatusError(unsupportedMediaType(type, OBJECT_MEDIA_TYPES));
}
