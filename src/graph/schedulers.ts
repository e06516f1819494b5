/** How a query's plan is run (execution-plan.ts); its own file so the CLI's flag schemas load without graphology. */
export const schedulers = ['layer', 'ready', 'sequential'] as const;
export type Scheduler = (typeof schedulers)[number];
