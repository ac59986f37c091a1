import { describe, expect, it } from 'vitest';
import { DockerBackendError, translateDockerError } from './docker.errors';

const SOCKET = '/var/run/docker.sock';

describe('docker error translation', () => {
  it('turns a missing socket (stopped daemon) into the start-Docker sentence', () => {
    const err = Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
    const translated = translateDockerError(err, SOCKET, 'ping');
    expect(translated).toBeInstanceOf(DockerBackendError);
    expect(translated).toMatchObject({ reason: 'daemon-unreachable', code: 'unavailable' });
    expect(translated.message).toBe(
      'Docker engine is not reachable at /var/run/docker.sock: start Docker (e.g. `sudo systemctl start docker` or `dockerd`)',
    );
  });

  it('treats a refused connection like a stopped daemon', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), {
      code: 'ECONNREFUSED',
    });
    expect(translateDockerError(err, SOCKET, 'ping').reason).toBe('daemon-unreachable');
  });

  it('says how to fix a permission problem on the socket', () => {
    const err = Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' });
    expect(translateDockerError(err, SOCKET, 'ping').message).toMatch(/add your user to the docker group/);
  });

  it("keeps the daemon's own sentence for 404 and 409", () => {
    const notFound = {
      statusCode: 404,
      message: '(HTTP code 404) no such container',
      json: { message: 'No such container: abc' },
    };
    expect(translateDockerError(notFound, SOCKET, 'inspect abc')).toMatchObject({
      reason: 'not-found',
      code: 'not-found',
      message: 'inspect abc: No such container: abc',
    });
    const conflict = {
      statusCode: 409,
      json: { message: 'Conflict. The container name "/x" is already in use' },
    };
    expect(translateDockerError(conflict, SOCKET, 'create x')).toMatchObject({
      reason: 'conflict',
      code: 'conflict',
    });
  });

  it('passes its own errors through unchanged', () => {
    const own = new DockerBackendError('timeout', 'unavailable', 'slow');
    expect(translateDockerError(own, SOCKET, 'x')).toBe(own);
  });
});
