// A synthetic OpenAPI v2 document, for kubectl 1.27-1.29. Those versions ask /openapi/v2 (not v3) whether
// a GVK's PATCH operation declares `fieldValidation` (cli-runtime v0.27 pkg/resource/query_param_verifier.go
// `supportsQueryParam` / `hasGVKExtension`); a 404 makes `kubectl apply` fail with "the server could not find
// the requested resource". kubectl reads the document as gnostic protobuf (openapi_v2.Document, field numbers
// from google/gnostic openapiv2/OpenAPIv2.proto), so it is encoded here with protobufjs's Writer.
// Like the v3 document it has no definitions: kubectl then builds apply patches from its compiled-in types.
import protobuf from 'protobufjs/minimal.js';
import { RESOURCES, type ResourceInfo } from '../discovery/resource-registry.js';

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

type Writer = protobuf.Writer;
const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'] as const;

function basePath(r: ResourceInfo): string {
  return r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
}

function paths(): { path: string; kind: 'collection' | 'item'; r: ResourceInfo }[] {
  const out: { path: string; kind: 'collection' | 'item'; r: ResourceInfo }[] = [];
  for (const r of RESOURCES.filter((x) => !x.computed)) {
    const collection = r.namespaced ? `${basePath(r)}/namespaces/{namespace}/${r.resource}` : `${basePath(r)}/${r.resource}`;
    out.push({ path: collection, kind: 'collection', r }, { path: `${collection}/{name}`, kind: 'item', r });
  }
  return out;
}

function gvkYaml(r: ResourceInfo): string {
  return `group: "${r.group}"\nkind: ${r.kind}\nversion: ${r.version}\n`;
}

// --- protobuf ---------------------------------------------------------------------------------
function str(w: Writer, no: number, v: string): void {
  w.uint32((no << 3) | 2).string(v);
}
function msg(w: Writer, no: number, fill: (w: Writer) => void): void {
  w.uint32((no << 3) | 2).fork();
  fill(w);
  w.ldelim();
}

function operation(w: Writer, no: number, id: string, r: ResourceInfo): void {
  msg(w, no, (op) => {
    str(op, 5, id); // operation_id
    for (const name of QUERY_PARAMS) {
      // parameters: ParametersItem{parameter: Parameter{non_body_parameter: NonBodyParameter{query_parameter_sub_schema}}}
      msg(op, 8, (item) =>
        msg(item, 1, (param) =>
          msg(param, 2, (nonBody) =>
            msg(nonBody, 3, (q) => {
              str(q, 2, 'query'); // in
              str(q, 4, name); // name
              str(q, 6, 'string'); // type
              q.uint32((20 << 3) | 0).bool(true); // unique_items
            }),
          ),
        ),
      );
    }
    msg(op, 13, (ext) => {
      // vendor_extension: NamedAny{name, value: Any{yaml}}
      str(ext, 1, 'x-kubernetes-group-version-kind');
      msg(ext, 2, (any) => str(any, 2, gvkYaml(r)));
    });
    msg(op, 13, (ext) => {
      str(ext, 1, 'x-kubernetes-action');
      msg(ext, 2, (any) => str(any, 2, `${id.startsWith('create') ? 'post' : id.startsWith('replace') ? 'put' : 'patch'}\n`));
    });
  });
}

/** The gnostic protobuf encoding of the document. */
export function openApiV2Protobuf(kubeVersion: string): Uint8Array {
  const w = protobuf.Writer.create();
  str(w, 1, '2.0');
  msg(w, 2, (info) => {
    str(info, 1, 'Kubernetes');
    str(info, 2, kubeVersion);
  });
  msg(w, 8, (ps) => {
    for (const p of paths()) {
      msg(ps, 2, (named) => {
        str(named, 1, p.path);
        msg(named, 2, (item) => {
          const scope = p.r.namespaced ? 'Namespaced' : '';
          if (p.kind === 'collection') operation(item, 4, `create${scope}${p.r.kind}`, p.r);
          else {
            operation(item, 3, `replace${scope}${p.r.kind}`, p.r);
            operation(item, 8, `patch${scope}${p.r.kind}`, p.r);
          }
        });
      });
    }
  });
  return w.finish();
}

/** The same document as swagger JSON, for clients that ask for JSON. */
export function openApiV2Json(kubeVersion: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths()) {
    const scope = p.r.namespaced ? 'Namespaced' : '';
    const op = (id: string, action: string) => ({
      operationId: id,
      parameters: QUERY_PARAMS.map((name) => ({ in: 'query', name, type: 'string', uniqueItems: true })),
      'x-kubernetes-group-version-kind': { group: p.r.group, kind: p.r.kind, version: p.r.version },
      'x-kubernetes-action': action,
      responses: { '200': { description: 'OK' } },
    });
    out[p.path] =
      p.kind === 'collection'
        ? { post: op(`create${scope}${p.r.kind}`, 'post') }
        : { put: op(`replace${scope}${p.r.kind}`, 'put'), patch: op(`patch${scope}${p.r.kind}`, 'patch') };
  }
  return { swagger: '2.0', info: { title: 'Kubernetes', version: kubeVersion }, paths: out, definitions: {} };
}
