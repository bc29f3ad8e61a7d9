import { spawnSync } from 'node:child_process';

/** True when a program is on the PATH (CI installs them; a bare machine may not have them). */
export function has(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).status === 0;
}

/** In CI every external tool must be there; elsewhere a missing one skips its tests. */
export function requireTool(program: string): boolean {
  if (has(program)) return true;
  if (process.env.CI) throw new Error(`${program} is not installed: .ci/run installs it from Debian's packages`);
  return false;
}
