import { describe, expect, it } from 'vitest';
import { longestPath, operatorProxyTokens } from './critical-path.ts';
import { planExecution } from './execution-plan.ts';
import { parseTopology } from './parse-topology.ts';

// A hand-made trace: per node, completion tokens on its own path and tool seconds.
const topology = parseTopology('Generate, MultiCoT, Programmer > SelfRefine, ScEnsemble > ScEnsemble');
const proxy: Record<string, number> = {
  'L0.0:Generate': 400,
  // MultiCoT made three parallel calls of 300, 500 and 350 tokens: its path is the longest one.
  'L0.1:MultiCoT': 500,
  // Programmer: two sequential calls (120 + 90 tokens) and 1.5 s of sandbox time.
  'L0.2:Programmer': operatorProxyTokens(120 + 90, 1500),
  'L1.0:SelfRefine': 300,
  'L1.1:ScEnsemble': 40,
  'L2.0:ScEnsemble': 30,
};

describe('critical path accounting', () => {
  it('charges tool time at gamma = 50 tokens per second', () => {
    expect(proxy['L0.2:Programmer']).toBe(285);
  });

  it('layer barrier: the sum over layers of the slowest operator (LAMaS eq. 9)', () => {
    const plan = planExecution(topology, 'layer');
    expect(longestPath(plan.graph, (node) => proxy[node]!)).toBe(500 + 300 + 30);
  });

  it('sequential: the sum of all operators', () => {
    const plan = planExecution(topology, 'sequential');
    expect(longestPath(plan.graph, (node) => proxy[node]!)).toBe(400 + 500 + 285 + 300 + 40 + 30);
  });

  it('ready queue: generators start at once, consumers wait for every earlier layer', () => {
    const late = parseTopology('Generate > CoT > SelfRefine');
    const weights: Record<string, number> = { 'L0.0:Generate': 400, 'L1.0:CoT': 300, 'L2.0:SelfRefine': 100 };
    expect(longestPath(planExecution(late, 'layer').graph, (node) => weights[node]!)).toBe(800);
    expect(longestPath(planExecution(late, 'ready').graph, (node) => weights[node]!)).toBe(500);
  });
});
