import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/ecs/dockerfile.js';
import type { DockerBuildOptions } from '../../src/ecs/dockerfile.js';

// Docker's own reference defines these semantics: https://docs.docker.com/reference/dockerfile/
const cases: { name: string; dockerfile: string; build?: DockerBuildOptions; expect: Partial<ReturnType<typeof parseDockerfile>> }[] = [
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
    name: 'ARG: a build arg wins over the default, in WORKDIR, ENV and the COPY of the context',
    dockerfile: 'FROM b\nARG SERVICE_DIR=services/default\nARG UNSET\nENV DIR=/app/$SERVICE_DIR MISSING=x${UNSET}y\nCOPY . /app\nWORKDIR /app/${SERVICE_DIR}\nCMD ["node", "x.js"]\n',
    build: { buildArgs: { SERVICE_DIR: 'services/book' } },
    expect: { workdir: '/app/services/book', env: { DIR: '/app/services/book', MISSING: 'xy' }, contextMountPoint: '/app' },
  },
  {
    name: 'ARG: without a build arg the default is used; ARG is not part of the image environment',
    dockerfile: 'FROM b\nARG PORT=8080\nWORKDIR /srv/${PORT}\nCMD ["node", "x.js"]\n',
    expect: { workdir: '/srv/8080', env: {} },
  },
  {
    name: 'ARG: a global ARG names the base image; redeclared in a stage it keeps its value there',
    dockerfile: 'ARG PY=3.12\nFROM python:${PY}-slim\nARG PY\nWORKDIR /opt/py$PY\nCMD ["python3", "app.py"]\n',
    build: { buildArgs: { PY: '3.11' } },
    expect: { baseImage: 'python:3.11-slim', workdir: '/opt/py3.11' },
  },
  {
    name: 'ARG: a global ARG not redeclared in the stage is empty there, as in Docker',
    dockerfile: 'ARG DIR=x\nFROM b\nWORKDIR /a/${DIR}\nCMD ["node", "x.js"]\n',
    expect: { workdir: '/a' },
  },
  {
    name: 'ENV wins over an ARG of the same name; ${VAR:-default} expands',
    dockerfile: 'FROM b\nARG MODE=arg\nENV MODE=env\nWORKDIR /m/${MODE}/${NOPE:-fallback}\nCMD ["node", "x.js"]\n',
    build: { buildArgs: { MODE: 'cli' } },
    expect: { workdir: '/m/env/fallback' },
  },
  {
    name: 'a build target chosen by name, with the args of its own stage',
    dockerfile: 'FROM a AS dev\nARG ENTRY=dev.js\nENV ENTRY=$ENTRY\nCMD ["node", "x.js"]\nFROM b AS prod\nCMD ["node", "y.js"]\n',
    build: { target: 'dev', buildArgs: { ENTRY: 'debug.js' } },
    expect: { env: { ENTRY: 'debug.js' }, cmd: ['node', 'x.js'] },
  },
  {
    name: 'STOPSIGNAL is kept',
    dockerfile: 'FROM b\nSTOPSIGNAL SIGINT\nCMD ["node", "x.js"]\n',
    expect: { stopSignal: 'SIGINT' },
  },
];

for (const c of cases) {
  test(`dockerfile: ${c.name}`, () => {
    const info = parseDockerfile(c.dockerfile, c.build);
    for (const [key, value] of Object.entries(c.expect)) {
      assert.deepEqual(info[key as keyof typeof info], value, key);
    }
  });
}
