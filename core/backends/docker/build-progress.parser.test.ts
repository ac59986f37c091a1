import { describe, expect, it } from 'vitest';
import { createBuildProgressParser, demuxDockerLogs } from './build-progress.parser';

// Lines shaped like the classic builder's stream (Docker 20.10). The real daemon's stream is exercised
// end to end in docker.backend.test.ts.
const COLD = [
  '{"stream":"Step 1/3 : FROM scratch"}\n{"stream":"\\n"}\n{"stream":" ---\\u003e \\n"}\n',
  '{"stream":"Step 2/3 : COPY busybox /bin/busybox"}\n{"stream":"\\n"}\n{"stream":" ---\\u003e 1a2b3c4d5e6f\\n"}\n',
  '{"stream":"Step 3/3 : RUN [\\"/bin/busybox\\", \\"--install\\"]"}\n{"stream":"\\n"}\n{"stream":" ---\\u003e Running in 0123456789ab\\n"}\n',
  '{"stream":"Removing intermediate container 0123456789ab\\n"}\n{"stream":" ---\\u003e abcdefabcdef\\n"}\n',
  '{"aux":{"ID":"sha256:abcdefabcdef00"}}\n{"stream":"Successfully built abcdefabcdef\\n"}\n{"stream":"Successfully tagged x:1\\n"}\n',
];

describe('build progress parser', () => {
  it('reports steps, layers, running containers and the built image', () => {
    const parser = createBuildProgressParser();
    const events = COLD.flatMap((chunk) => parser.pushChunk(chunk));
    expect(
      events
        .filter((e) => e.type === 'step')
        .map((e) => (e.type === 'step' ? `${e.step}/${e.totalSteps}` : '')),
    ).toEqual(['1/3', '2/3', '3/3']);
    expect(events).toContainEqual({ type: 'layer', step: 2, layerId: '1a2b3c4d5e6f' });
    expect(events).toContainEqual({ type: 'running', step: 3, containerId: '0123456789ab' });
    expect(events).toContainEqual({ type: 'built', imageId: 'sha256:abcdefabcdef00' });
    expect(events).toContainEqual({ type: 'tagged', tag: 'x:1' });
  });

  it('reports cache hits against the current step', () => {
    const parser = createBuildProgressParser();
    const events = parser.pushChunk(
      '{"stream":"Step 2/3 : COPY a b\\n"}\n{"stream":" ---\\u003e Using cache\\n"}\n',
    );
    expect(events).toContainEqual({ type: 'cache-hit', step: 2 });
  });

  it('surfaces in-band errors that followProgress would swallow', () => {
    const parser = createBuildProgressParser();
    const events = parser.pushChunk(
      '{"errorDetail":{"code":127,"message":"The command \'/bin/sh -c nope\' returned a non-zero code: 127"},"error":"The command \'/bin/sh -c nope\' returned a non-zero code: 127"}\n',
    );
    expect(events).toEqual([
      { type: 'error', code: 127, message: "The command '/bin/sh -c nope' returned a non-zero code: 127" },
    ]);
  });

  it('reassembles JSON objects split across chunks and flushes the tail', () => {
    const parser = createBuildProgressParser();
    expect(parser.pushChunk('{"stream":"Step 1/1 : FR')).toEqual([]);
    expect(parser.pushChunk('OM scratch\\n"}\n{"stream":"Successfully built 0123456789ab"}')).toEqual([
      { type: 'step', step: 1, totalSteps: 1, instruction: 'FROM scratch' },
    ]);
    expect(parser.end()).toEqual([{ type: 'built', imageId: '0123456789ab' }]);
  });

  it('keeps non-JSON lines visible as output', () => {
    const parser = createBuildProgressParser();
    expect(parser.pushChunk('proxy said no\n')).toEqual([{ type: 'output', step: 0, text: 'proxy said no' }]);
  });
});

describe('docker log demultiplexing', () => {
  function frame(kind: number, text: string): Buffer {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = kind;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  }

  it('splits stdout and stderr frames', () => {
    expect(
      demuxDockerLogs(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more\n')])),
    ).toEqual({
      stdout: 'out\nmore\n',
      stderr: 'err\n',
    });
  });

  it('treats a TTY stream (no frames) as plain stdout', () => {
    expect(demuxDockerLogs(Buffer.from('hello from a tty\n'))).toEqual({
      stdout: 'hello from a tty\n',
      stderr: '',
    });
  });
});
