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

  it.each([
    ['generate > cot', '"generate" at position 0; did you mean Generate?'],
    ['Generate > cot', '"cot" at position 11; did you mean CoT?'],
    ['Generat > CoT', 'did you mean Generate?'],
    ['CoT > ScEnsamble', 'did you mean ScEnsemble?'],
    ['CoT > Self-Refine', 'did you mean SelfRefine?'],
    ['CoT > EarlyStpo', 'did you mean EarlyStop?'],
    ['multigeneratecot', 'did you mean MultiGenerateCoT?'],
  ])('suggests the closest operator for %j, names stay case-sensitive', (text, message) => {
    expect(() => parseTopology(text)).toThrow(message);
  });

  it('lists every operator and alias when a name is unknown, and suggests nothing far off', () => {
    let message = '';
    try {
      parseTopology('Generate > Summarize');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('unknown operator: "Summarize" at position 11');
    expect(message).not.toContain('did you mean');
    for (const name of ['Generate', 'CoT', 'MultiCoT', 'ScEnsemble', 'SelfRefine', 'Programmer', 'EarlyStop', 'CustomCodeGenerate', 'Test', 'GenerateCoT', 'MultiGenerateCoT']) expect(message).toContain(name);
  });

  it('says a named topology is a whole --topology value when one appears inside a string', () => {
    expect(resolveTopology('generate', 'gsm8k').layers).toEqual([['Generate']]);
    expect(() => resolveTopology('generate > cot', 'gsm8k')).toThrow(/did you mean Generate\?.*"generate" is a named topology \(Generate\).*whole --topology value/);
    expect(() => resolveTopology('CoT > cot-sc', 'gsm8k')).toThrow('"cot-sc" is a named topology (CoT, CoT, CoT, CoT, CoT > ScEnsemble)');
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
