// authentication.k8s.io SelfSubjectReview and authorization.k8s.io SelfSubject{Access,Rules}Review.
// The embedded cluster has one user (whoever holds the kubeconfig's token) who may do everything, like
// kind's kubernetes-admin, so `kubectl auth can-i ...` answers yes and `kubectl auth whoami` names that user.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonObject, readBody } from '../http/request-body.js';
import { mediaType } from '../http/content-negotiation.js';
import { sendJson } from '../http/responses.js';
import { methodNotAllowed, StatusError } from '../status.js';
import type { ResourceRoute } from './handler-context.js';

export const LAB_USER = { username: 'deploy-lab-admin', groups: ['system:masters', 'system:authenticated'] };

export async function handleSelfReview(req: IncomingMessage, res: ServerResponse, route: ResourceRoute): Promise<void> {
  const { info } = route;
  if (req.method !== 'POST' || route.name !== undefined) throw new StatusError(methodNotAllowed(req.method ?? '', info.group, info.resource));
  const raw = await readBody(req);
  // kubectl 1.32+ sends these as protobuf; only the JSON spec is echoed back (the answer does not depend on it).
  const body = raw.length && mediaType(req.headers['content-type']) !== 'application/vnd.kubernetes.protobuf' ? parseJsonObject(raw.toString('utf8')) : {};
  const out: Record<string, unknown> = {
    kind: info.kind,
    apiVersion: `${info.group}/${info.version}`,
    metadata: { creationTimestamp: null },
    spec: typeof body.spec === 'object' && body.spec !== null ? body.spec : {},
  };
  switch (info.kind) {
    case 'SelfSubjectReview':
      delete out.spec;
      out.status = { userInfo: LAB_USER };
      break;
    case 'SelfSubjectAccessReview':
      out.status = { allowed: true, reason: 'the embedded cluster has a single administrator' };
      break;
    default:
      out.status = {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      };
  }
  sendJson(res, 201, out);
}
