/**
 * The reaper's program, run as `node -e` (a source string, so it needs no file next to the bundle):
 * it reads `+<pid> <signal>` / `-<pid>` lines from its stdin, the pipe whose other end only gatelink
 * holds. When the pipe closes with groups still listed, gatelink has died without stopping them: each
 * task gets its stop signal as ECS sends it, and GRACE_MS later (or once every leader is gone) SIGKILL
 * goes to every group. It ignores the signals a terminal or supervisor sends to gatelink's group.
 * Plain JavaScript that every supported Node runs, on purpose untouched by the build.
 */
export const REAPER_GRACE_MS = 2_000;

export const REAPER_PROGRAM = `
process.title = 'gatelink-reaper';
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
const groups = new Map();
let pending = '';
const send = (target, signal) => { try { process.kill(target, signal); return true; } catch { return false; } };
const zombie = (pid) => { try { return require('node:fs').readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ').pop().startsWith('Z'); } catch { return false; } };
const running = (pid) => send(pid, 0) && !zombie(pid);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (pending + chunk).split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    const pid = Number(line.slice(1).split(' ')[0]);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    if (line[0] === '+') groups.set(pid, line.split(' ')[1] || 'SIGTERM');
    else if (line[0] === '-') groups.delete(pid);
  }
});
process.stdin.on('error', () => {});
process.stdin.on('close', () => {
  if (groups.size === 0) process.exit(0);
  for (const [pid, signal] of groups) send(pid, signal);
  const deadline = Date.now() + ${REAPER_GRACE_MS};
  setInterval(() => {
    if (Date.now() < deadline && [...groups.keys()].some(running)) return;
    for (const pid of groups.keys()) send(-pid, 'SIGKILL');
    process.exit(0);
  }, 50);
});
`;
