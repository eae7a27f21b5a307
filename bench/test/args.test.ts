/** `npm run bench` flags: defaults, help, and clear errors that show the usage. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBenchArgs, USAGE } from '../src/args.js';

test('no flags: the data plane with its defaults', () => {
  assert.deepEqual(parseBenchArgs([]), { mode: 'dataplane', connections: 32, duration: 10, rate: 1000, rateConnections: 10, rateDuration: 10, warmup: 2, nginxWorkers: 'auto', rounds: 1, pairs: 6, pairSeconds: 3, rotations: 5, rotationSeconds: 4, runs: 3, console: false, consolePairs: 0 });
});

test('startup with a run count', () => {
  const args = parseBenchArgs(['startup', '--runs', '5']);
  assert.equal(args.mode, 'startup');
  assert.equal(args.runs, 5);
});

test('sqs: the concurrency pair is 1 and --connections, each row --duration seconds', () => {
  const args = parseBenchArgs(['sqs', '--connections', '16', '--duration', '5']);
  assert.equal(args.mode, 'sqs');
  assert.equal(args.connections, 16);
  assert.equal(args.duration, 5);
});

test('--help and -h ask for the help text', () => {
  assert.equal(parseBenchArgs(['--help']).mode, 'help');
  assert.equal(parseBenchArgs(['startup', '-h']).mode, 'help');
});

test('an unknown flag, mode or value is an error that shows the usage', () => {
  for (const argv of [['--bogus'], ['warm'], ['--rate', '-3'], ['--nginx-workers', 'many']]) {
    assert.throws(() => parseBenchArgs(argv), (error: Error) => error.message.endsWith(USAGE), argv.join(' '));
  }
});
