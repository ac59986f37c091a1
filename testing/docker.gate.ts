/**
 * One gate for every test that needs the real Docker engine. Locally a missing engine skips the
 * suite with a clear message; with CI set it fails loudly instead, because a CI job that silently
 * skips its Docker tests proves nothing.
 */
import Docker from 'dockerode';

export interface DockerGate {
  skip: boolean;
  reason: string;
}

export async function dockerGate(
  options: { socketPath?: string; timeoutMs?: number } = {},
): Promise<DockerGate> {
  const socketPath = options.socketPath ?? '/var/run/docker.sock';
  const timeoutMs = options.timeoutMs ?? 3000;
  const docker = new Docker({ socketPath });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { skip: false, reason: '' };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const reason = `Docker engine not reachable at ${socketPath} (${why}); these tests need a running Docker engine (start it with \`sudo systemctl start docker\` or \`dockerd\`)`;
    if (process.env.CI) {
      throw new Error(`${reason}. CI is set, so this is a failure, not a skip.`);
    }
    console.warn(`[skipped] ${reason}`);
    return { skip: true, reason };
  } finally {
    clearTimeout(timer);
  }
}
