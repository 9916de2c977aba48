/**
 * What the twin needs from the host: the Docker CLI and a running engine, debootstrap and iptables.
 * On Debian as root, missing packages are installed and a stopped engine is started, and we say so.
 */
import { execa } from 'execa';
import { accessSync, constants, existsSync, mkdirSync, openSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { LabgateError } from './shared.ts';

const HOST_PACKAGES: Record<string, string> = { docker: 'docker.io', dockerd: 'docker.io', debootstrap: 'debootstrap' };
const ENGINE_START_TIMEOUT_MS = 30_000;

/** True when an executable `cmd` is in a PATH directory (looked up, not spawned: this runs before every gate run). */
function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(path.join(dir, cmd), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function isDebian(): boolean {
  return existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

async function installPackages(pkgs: string[], log: (l: string) => void): Promise<void> {
  log(`labgate: installing host packages the twin needs: ${pkgs.join(' ')} (Debian, running as root)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await execa('apt-get', ['update', '-qq'], { reject: false, env });
  const install = await execa('apt-get', ['install', '-y', '-qq', ...pkgs], { reject: false, env });
  if (update.exitCode !== 0 || install.exitCode !== 0) {
    throw new LabgateError(
      `could not install ${pkgs.join(' ')}: ${String(install.stderr || update.stderr)
        .trim()
        .split('\n')
        .pop()}`,
    );
  }
}

async function engineAnswers(): Promise<boolean> {
  const r = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 10_000 });
  return r.exitCode === 0;
}

async function startEngine(stateDir: string, log: (l: string) => void): Promise<void> {
  log('labgate: the Docker engine is not running; starting dockerd (running as root)');
  mkdirSync(stateDir, { recursive: true });
  const out = openSync(`${stateDir}/dockerd.log`, 'a');
  spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] }).unref();
  const deadline = Date.now() + ENGINE_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await engineAnswers()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new LabgateError(
    `dockerd did not answer within ${ENGINE_START_TIMEOUT_MS / 1000} s`,
    `see ${stateDir}/dockerd.log`,
  );
}

/** Makes sure the twin can run here; throws a one-line LabgateError when it cannot. */
export async function ensureHostReady(stateDir: string, log: (l: string) => void): Promise<void> {
  const missing: string[] = [];
  for (const cmd of ['docker', 'dockerd', 'debootstrap']) {
    if (!onPath(cmd)) missing.push(cmd);
  }
  // dockerd is only needed when the engine is not already reachable.
  if (missing.includes('dockerd') && !missing.includes('docker') && (await engineAnswers()))
    missing.splice(missing.indexOf('dockerd'), 1);
  if (missing.length > 0) {
    if (!(isRoot() && isDebian())) {
      throw new LabgateError(
        `the twin needs ${missing.join(', ')}, which are not installed`,
        'install docker.io and debootstrap, then start the Docker engine',
      );
    }
    await installPackages([...new Set(missing.map((m) => HOST_PACKAGES[m]!))], log);
  }
  if (await engineAnswers()) return;
  if (process.env.DOCKER_HOST) {
    throw new LabgateError(
      `the Docker engine at DOCKER_HOST=${process.env.DOCKER_HOST} does not answer`,
      'start it, or unset DOCKER_HOST to use the local engine',
    );
  }
  if (!isRoot()) throw new LabgateError('the Docker engine is not running', 'start it (systemctl start docker)');
  await startEngine(stateDir, log);
}
