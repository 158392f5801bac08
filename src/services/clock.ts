/** The one source of "now" for every time-dependent rule; tests and test deployments replace it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(instant: number): Clock {
  return { now: () => instant };
}
