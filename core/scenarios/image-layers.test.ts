import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { layerFiles, readTar, savedImageFromArchive } from './image-layers';

/** A minimal ustar archive (what Go's archive/tar writes for short names). */
function tar(entries: Array<{ path: string; data?: string | Buffer; type?: string }>): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0));
    const header = Buffer.alloc(512);
    header.write(e.path, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write(e.type ?? '0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    header.fill(' ', 148, 156);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

describe('image-layers', () => {
  it('reads a tar archive, gzipped or not, with GNU long names', async () => {
    const long = `a/${'b'.repeat(120)}/file.txt`;
    const archive = tar([
      { path: 'etc/', type: '5' },
      { path: 'etc/app.conf', data: 'colour=blue\n' },
      { path: '././@LongLink', type: 'L', data: `${long}\0` },
      { path: long.slice(0, 99), data: 'x' },
    ]);
    for (const a of [archive, gzipSync(archive)])
      expect((await readTar(a)).map((e) => [e.path, e.type, e.data.toString()])).toEqual([
        ['etc/', 'directory', ''],
        ['etc/app.conf', 'file', 'colour=blue\n'],
        [long, 'file', 'x'],
      ]);
  });

  it('lists layer files with small text contents and whiteouts as deletions', async () => {
    const files = await layerFiles(
      tar([
        { path: 'tmp/', type: '5' },
        { path: 'tmp/.wh.api-key' },
        { path: 'bin/busybox', data: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]) },
        { path: 'app/config.env', data: 'A=1\n' },
      ]),
    );
    expect(files).toEqual([
      { path: '/tmp/api-key', size: 0, deleted: true },
      { path: '/bin/busybox', size: 6 },
      { path: '/app/config.env', size: 4, text: 'A=1\n' },
    ]);
  });

  it('maps the layers of a classic docker save archive onto the history, empty layers included', async () => {
    const layer1 = tar([{ path: 'tmp/api-key', data: 'sk_live_123\n' }]);
    const layer2 = tar([{ path: 'tmp/.wh.api-key' }]);
    const config = {
      config: { Env: ['PORT=8000'] },
      history: [
        { created_by: '/bin/sh -c #(nop) COPY file:abc in /tmp/api-key ' },
        { created_by: '/bin/sh -c #(nop)  ENV PORT=8000', empty_layer: true },
        { created_by: '/bin/sh -c rm -f /tmp/api-key' },
      ],
    };
    const archive = tar([
      { path: 'abc.json', data: JSON.stringify(config) },
      { path: 'l1/layer.tar', data: layer1 },
      { path: 'l2/layer.tar', data: layer2 },
      {
        path: 'manifest.json',
        data: JSON.stringify([
          { Config: 'abc.json', RepoTags: ['x:1'], Layers: ['l1/layer.tar', 'l2/layer.tar'] },
        ]),
      },
    ]);
    const saved = await savedImageFromArchive('x:1', archive);
    expect(saved.env).toEqual(['PORT=8000']);
    expect(saved.layers.map((l) => [l.index, l.empty, l.files])).toEqual([
      [1, false, [{ path: '/tmp/api-key', size: 12, text: 'sk_live_123\n' }]],
      [2, true, []],
      [3, false, [{ path: '/tmp/api-key', size: 0, deleted: true }]],
    ]);
  });
});
