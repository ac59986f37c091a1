import { describe, expect, it } from 'vitest';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { createSelfSignedCertificate } from './self-signed-cert.js';

describe('createSelfSignedCertificate', () => {
  it('produces a CA certificate for 127.0.0.1 that Node verifies', async () => {
    const { certPem, keyPem } = createSelfSignedCertificate();
    const x = new X509Certificate(certPem);
    expect(x.ca).toBe(true);
    expect(x.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    const server = https.createServer({ cert: certPem, key: keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port, path: '/', ca: certPem }, (res) => {
          let d = '';
          res.on('data', (c: Buffer) => (d += c.toString()));
          res.on('end', () => resolve(d));
        })
        .on('error', reject);
    });
    expect(body).toBe('ok');
    await new Promise<void>((r) => server.close(() => r()));
  });
});
