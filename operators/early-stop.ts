import type { Operator } from './operator.ts';

/** Ends the graph after its layer; makes no call and adds no solution. */
export const earlyStop: Operator = {
  name: 'EarlyStop',
  description: 'Stops here: the answer so far is final and no further layers run.',
  async run() {
    return [];
  },
};
