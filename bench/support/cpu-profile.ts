/**
 * The profiling half of the bench/support/profile-*.ts scripts: untimed warm-up calls, then `rounds` calls
 * under the V8 profiler, written to `out` as a .cpuprofile (open it in Chrome DevTools or speedscope).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export async function profileRounds(
  once: () => Promise<void>,
  { warmup, rounds, out }: { warmup: number; rounds: number; out: string },
): Promise<void> {
  for (let i = 0; i < warmup; i++) await once();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  for (let i = 0; i < rounds; i++) await once();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(out, JSON.stringify(profile));
  console.log(`wrote ${out}`);
}
