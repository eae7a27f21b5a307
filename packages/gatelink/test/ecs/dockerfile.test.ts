import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/ecs/dockerfile.js';

// Docker's own reference defines these semantics: https://docs.docker.com/reference/dockerfile/
const cases: { name: string; dockerfile: string; expect: Partial<ReturnType<typeof parseDockerfile>> }[] = [
  {
    name: 'multi-stage: only the final stage counts; COPY . . under WORKDIR /app mounts the context at /app',
    dockerfile: 'FROM a AS build\nWORKDIR /app\nCOPY . .\nCMD ["wrong"]\nFROM b\nWORKDIR /app/services/x\nCMD ["node", "dist/server.js"]\n',
    expect: { workdir: '/app/services/x', cmd: ['node', 'dist/server.js'], contextMountPoint: '/app' },
  },
  {
    name: 'relative WORKDIR resolves against the previous one',
    dockerfile: 'FROM b\nWORKDIR /srv\nWORKDIR api\nCMD ["node", "main.js"]\n',
    expect: { workdir: '/srv/api', contextMountPoint: undefined },
  },
  {
    name: 'shell-form CMD runs through /bin/sh -c',
    dockerfile: 'FROM b\nCMD node server.js --port $PORT\n',
    expect: { cmd: ['/bin/sh', '-c', 'node server.js --port $PORT'] },
  },
  {
    name: 'ENTRYPOINT after CMD resets CMD',
    dockerfile: 'FROM b\nCMD ["x"]\nENTRYPOINT ["node", "app.js"]\n',
    expect: { entrypoint: ['node', 'app.js'], cmd: undefined },
  },
  {
    name: 'ENV in both forms, with expansion of earlier values',
    dockerfile: 'FROM b\nENV BASE=/opt\nENV A=1 B="two words"\nENV HOME_DIR ${BASE}/home\nWORKDIR $BASE/app\n',
    expect: { env: { BASE: '/opt', A: '1', B: 'two words', HOME_DIR: '/opt/home' }, workdir: '/opt/app' },
  },
  {
    name: 'COPY --from=build does not mount the context',
    dockerfile: 'FROM a AS build\nWORKDIR /src\nRUN true\nFROM b\nWORKDIR /app\nCOPY --from=build /src/dist ./dist\nCOPY . /code\nCMD ["node", "x.js"]\n',
    expect: { contextMountPoint: '/code' },
  },
  {
    name: 'STOPSIGNAL is kept',
    dockerfile: 'FROM b\nSTOPSIGNAL SIGINT\nCMD ["node", "x.js"]\n',
    expect: { stopSignal: 'SIGINT' },
  },
];

for (const c of cases) {
  test(`dockerfile: ${c.name}`, () => {
    const info = parseDockerfile(c.dockerfile);
    for (const [key, value] of Object.entries(c.expect)) {
      assert.deepEqual(info[key as keyof typeof info], value, key);
    }
  });
}
