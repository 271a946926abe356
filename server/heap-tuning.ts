// V8 heap growth for the broker's own process (`minibroker start`; a broker started inside a test
// or application process leaves that process's heap alone).
//
// Why. The broker's old generation is small (about 13 MB) while its young generation grows to 16 MB
// under load. After the broker has been idle, V8 sets the next full collection at about 1.7× the live
// old generation, which leaves less room than one young generation; V8 then starts a full marking
// every few young collections, and under load that marking took up to 0.4 CPU s per million records
// on its helper threads (broker CPU per million records produced: 0.97-1.13 s, against 0.59-0.66 s
// with this setting, both after 20 s idle; scripts/bench/broker-cpu.ts).
// 300 is V8's own largest growing factor (4×), fixed instead of re-estimated after each collection.
import { setFlagsFromString } from 'node:v8';

export const BROKER_HEAP_GROWING_PERCENT = 300;
const FLAG = '--heap-growing-percent';

/** Sets the heap growing factor unless the process was given its own; returns whether it set it. */
export function tuneBrokerHeap(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
  setFlags: (flags: string) => void = setFlagsFromString,
): boolean {
  const given = (arg: string) => arg === FLAG || arg.startsWith(`${FLAG}=`) || arg.startsWith('--heap_growing_percent');
  if (execArgv.some(given) || (nodeOptions ?? '').split(/\s+/).some(given)) return false;
  setFlags(`${FLAG}=${BROKER_HEAP_GROWING_PERCENT}`);
  return true;
}
