import { describe, expect, it } from 'vitest';
import { resolveTopology } from './named-topologies.ts';
import { parseTopology } from './parse-topology.ts';
import { topologyFromJson, topologyToJson, topologyToMermaid } from './topology-formats.ts';
import { topologyToString } from './topology.ts';
import { validateTopology } from './validate-topology.ts';

describe('topology syntax', () => {
  it('parses layers and operators, ignoring spaces, with aliases', () => {
    expect(parseTopology('Generate > CoT, MultiCoT > ScEnsemble')).toEqual({ layers: [['Generate'], ['CoT', 'MultiCoT'], ['ScEnsemble']] });
    expect(parseTopology('GenerateCoT,MultiGenerateCoT>SelfRefine')).toEqual({ layers: [['CoT', 'MultiCoT'], ['SelfRefine']] });
  });

  it.each([
    ['Generate > Cot', 'unknown operator: "Cot" at position 11'],
    ['Generate >> CoT', 'empty operator slot in layer 1'],
    ['Generate, , CoT', 'empty operator slot in layer 0'],
    ['generate > CoT', 'unknown operator: "generate" at position 0'],
    ['  ', 'empty topology'],
  ])('rejects %j naming the token and position', (text, message) => {
    expect(() => parseTopology(text)).toThrow(message);
  });

  it('round-trips through string and JSON, and renders Mermaid', () => {
    const topology = parseTopology('Generate, CoT > ScEnsemble');
    expect(parseTopology(topologyToString(topology))).toEqual(topology);
    expect(topologyFromJson(topologyToJson(topology))).toEqual(topology);
    const mermaid = topologyToMermaid(topology);
    expect(mermaid).toContain('L0_1[CoT]');
    expect(mermaid).toContain('L0_0 --> L1_0');
    expect(mermaid).toContain('L1_0 --> A');
  });

  it('validates against the task', () => {
    expect(() => validateTopology(parseTopology('CustomCodeGenerate'), 'gsm8k')).toThrow('operator not available for gsm8k');
    expect(() => validateTopology(parseTopology('Programmer'), 'humaneval')).toThrow('not available for humaneval');
    expect(() => validateTopology(parseTopology('ScEnsemble > CoT'), 'gsm8k')).toThrow('layer 0 must contain a generating operator');
    expect(() => validateTopology(parseTopology('CoT > EarlyStop > SelfRefine'), 'gsm8k')).toThrow('EarlyStop ends the graph');
    expect(resolveTopology('cot-sc', 'math').layers).toEqual([['CoT', 'CoT', 'CoT', 'CoT', 'CoT'], ['ScEnsemble']]);
  });
});
