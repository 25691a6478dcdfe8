import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Per phase: wall time, and the CPU time of this process and of the PostgreSQL backend doing
 * the load (read from /proc where the server runs on this machine). CPU seconds do not depend
 * on what else a shared machine is running; wall seconds do.
 */
export class Laps {
  private readonly started = Date.now();
  private previous = { wall: this.started, node: 0, backend: 0 };
  private readonly backendPids: number[] = [];
  private readable = true;

  /** A backend whose CPU time to count (its process must be readable in /proc). */
  watch(pid: number): void {
    this.backendPids.push(pid);
    this.previous.backend = this.backendCpu() ?? 0;
  }

  lap(label: string): void {
    const now = { wall: Date.now(), node: nodeCpu(), backend: this.backendCpu() ?? 0 };
    const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(6);
    console.log(
      `${label.padEnd(32)} ${seconds(now.wall - this.started)} s   +${seconds(now.wall - this.previous.wall)} s wall, CPU: node ${seconds(now.node - this.previous.node)} s, postgres ${this.readable && this.backendPids.length > 0 ? seconds(now.backend - this.previous.backend) : '     –'} s`,
    );
    this.previous = now;
  }

  totals(): { seconds: number; nodeCpuSeconds: number; postgresCpuSeconds: number | null } {
    const round = (ms: number) => Math.round(ms / 100) / 10;
    return {
      seconds: round(Date.now() - this.started),
      nodeCpuSeconds: round(nodeCpu()),
      postgresCpuSeconds: this.readable ? round(this.backendCpu() ?? 0) : null,
    };
  }

  /** The watched backends' CPU time in ms (while they run; their processes end with the load). */
  private backendCpu(): number | null {
    if (!this.readable) return null;
    try {
      let total = 0;
      for (const pid of this.backendPids) {
        // Fields 14 and 15 (user and system time) follow the parenthesised command name.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
      }
      return total;
    } catch {
      this.readable = false;
      return null;
    }
  }
}

function nodeCpu(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
