import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export type MachineInfo = { cpu: string; cores: number; ramGiB: number; node: string; postgres: string; date: string };

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return cpus()[0]?.model.trim() ?? 'unknown';
}

export function machineInfo(postgresVersion: string): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: postgresVersion,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

export const loadAverage = () => loadavg().map((v) => v.toFixed(2)).join(' / ');

/** The machine block every generated README section starts with, so figures always say where they came from. */
export function machineLines(m: MachineInfo, load: { before: string; after: string }, note: string | undefined): string {
  return [
    `- Run: ${m.date}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM; Node ${m.node}; PostgreSQL ${m.postgres}`,
    `- Load average (1/5/15 min) before: ${load.before}; after: ${load.after}`,
    ...(note ? [`- Note: ${note}`] : []),
  ].join('\n');
}
