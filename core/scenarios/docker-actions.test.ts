import { describe, expect, it } from 'vitest';
import { describeDockerAction } from '../../scenarios/docker-build/docker-kit';
import { parseEnvFile } from './docker-session';

describe('Docker actions: env, restart policies, health checks, exec, save', () => {
  it('are shown as the docker commands a person would type', () => {
    expect(
      describeDockerAction({
        do: 'run',
        name: 'web',
        image: 'deploy-lab/x:1',
        restart: 'on-failure',
        maxRetries: 3,
        env: { CRASH_ON_START: '1' },
        envFile: 'x/config/staging.env',
        health: { cmd: 'wget -q -O /dev/null http://127.0.0.1:8000/ready', intervalSeconds: 1, retries: 2 },
        port: { container: 8000, hostIp: '127.0.0.1' },
      }),
    ).toBe(
      "docker run -d --name web --restart on-failure:3 -e CRASH_ON_START=1 --env-file x/config/staging.env --health-cmd 'wget -q -O /dev/null http://127.0.0.1:8000/ready' --health-interval 1s --health-retries 2 -p 127.0.0.1::8000 deploy-lab/x:1",
    );
    expect(describeDockerAction({ do: 'run', name: 'web', image: 'i', restart: 'unless-stopped' })).toBe(
      'docker run -d --name web --restart unless-stopped i',
    );
    expect(describeDockerAction({ do: 'run', name: 'web', image: 'i', restart: 'no' })).toBe(
      'docker run -d --name web i',
    );
    expect(describeDockerAction({ do: 'exec', container: 'web', cmd: ['killall', 'nc'] })).toBe(
      'docker exec web killall nc',
    );
    expect(describeDockerAction({ do: 'saveImage', image: 'i:1', dir: 'x', path: 'image.tar' })).toBe(
      'docker save i:1 -o x/image.tar',
    );
    expect(describeDockerAction({ do: 'removeFile', dir: 'x', path: 'secrets' })).toBe('rm -rf x/secrets');
  });

  it('read an --env-file as Docker does: literal values, comments and blank lines skipped', () => {
    expect(
      parseEnvFile(
        '# staging\n\nAPP_COLOUR=purple\r\nGREETING="hi there"\nURL=http://a/?b=c\n  POD_NAME=web-1\n',
        'f.env',
      ),
    ).toEqual({ APP_COLOUR: 'purple', GREETING: '"hi there"', URL: 'http://a/?b=c', POD_NAME: 'web-1' });
    expect(() => parseEnvFile('API_KEY\n', 'f.env')).toThrow(
      /f\.env line 1: expected NAME=value, got "API_KEY"/,
    );
  });
});
