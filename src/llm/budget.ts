import { BudgetExceededError } from './llm-errors.ts';

/**
 * The run-wide spending cap (--max-cost). Calls check before they start and charge what they
 * were billed; calls already in flight when the cap is reached still finish and are counted.
 */
export class Budget {
  private spent = 0;
  private tripped = false;

  constructor(readonly limitUsd: number | undefined) {}

  get spentUsd(): number {
    return this.spent;
  }

  /** True once a call was refused because the cap was reached; summaries report it. */
  get exceeded(): boolean {
    return this.tripped;
  }

  assertCanStart(): void {
    if (this.limitUsd !== undefined && this.spent >= this.limitUsd) {
      this.tripped = true;
      throw new BudgetExceededError(this.spent, this.limitUsd);
    }
  }

  charge(usd: number): void {
    this.spent += usd;
  }
}
