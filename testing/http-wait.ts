/** Polls a URL on 127.0.0.1 until it answers with the wanted status; used by container tests. */
export interface HttpAnswer {
  status: number;
  body: string;
  elapsedMs: number;
}

export async function httpGet(url: string, timeoutMs = 5000): Promise<HttpAnswer> {
  if (!url.startsWith('http://127.0.0.1:'))
    throw new Error(`tests only send traffic to 127.0.0.1, not ${url}`);
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  return { status: response.status, body, elapsedMs: performance.now() - started };
}

export async function waitForHttp(
  url: string,
  options: { status?: number; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const want = options.status ?? 200;
  const deadline = performance.now() + (options.timeoutMs ?? 15_000);
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    try {
      const answer = await httpGet(url, 2000);
      if (answer.status === want) return answer;
      last = `status ${answer.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer ${want} in time (last: ${last})`);
}
