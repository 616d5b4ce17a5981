/** Whether the process should take traffic: starting and draining are both "not ready". */
export type Phase = 'starting' | 'serving' | 'draining';

export interface Lifecycle {
  phase(): Phase;
  serving(): void;
  draining(): void;
}

export function createLifecycle(): Lifecycle {
  let current: Phase = 'starting';
  return {
    phase: () => current,
    serving: () => {
      current = 'serving';
    },
    draining: () => {
      current = 'draining';
    },
  };
}
