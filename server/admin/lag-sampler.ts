// Samples every consumer group's total lag into the LagHistory on a timer (one sample at start,
// so a page opened right away has a point to draw).
import type { BrokerServices } from '../broker-services.js';
import type { Logger } from '../logger.js';
import { groupDetails } from './group-view.js';
import type { LagHistory } from './lag-history.js';

/** Starts sampling; returns the function that stops it. */
export function startLagSampler(
  services: BrokerServices,
  history: LagHistory,
  intervalMs: number,
  log?: Logger,
): () => void {
  const sample = () => {
    try {
      history.record(currentLags(services), Date.now());
    } catch (err) {
      log?.warn({ err }, 'lag sample failed');
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Total lag per group the coordinators know now. */
export function currentLags(services: BrokerServices): Map<string, number> {
  const lags = new Map<string, number>();
  for (const { groupId } of services.coordinators.listGroups().groups) {
    try {
      lags.set(groupId, groupDetails(services, groupId).totalLag);
    } catch {
      // gone between the listing and the lookup
    }
  }
  return lags;
}
