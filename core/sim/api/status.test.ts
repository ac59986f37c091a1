import { describe, expect, it } from 'vitest';
import {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  internalError,
  invalid,
  isStatus,
  methodNotAllowed,
  notFound,
  pathNotFound,
  requestEntityTooLarge,
  unauthorized,
  unsupportedMediaType,
} from './status.js';

describe('Status bodies', () => {
  it('match the apiserver messages kubectl prints', () => {
    expect(notFound('apps', 'deployments', 'nope')).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
      code: 404,
    });
    expect(notFound('', 'pods', 'p').message).toBe('pods "p" not found');
    expect(alreadyExists('apps', 'deployments', 'web')).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' });
    expect(conflict('', 'pods', 'p').message).toBe(
      'Operation cannot be fulfilled on pods "p": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(invalid('apps', 'Deployment', 'web', [{ field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' }]).message).toBe(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    for (const s of [
      badRequest('x'),
      unauthorized(),
      pathNotFound(),
      methodNotAllowed('PUT'),
      expired('too old resource version: 1 (5)'),
      requestEntityTooLarge(),
      unsupportedMediaType('text/foo', ['application/json']),
      internalError(new Error('boom')),
    ]) {
      expect(isStatus(s)).toBe(true);
      expect(s.status).toBe('Failure');
    }
    expect(unauthorized()).toMatchObject({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
    expect(requestEntityTooLarge(10).message).toBe('Request entity too large: limit is 10');
    expect(isStatus({ kind: 'Pod' })).toBe(false);
  });
});
