import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.ts';
import { bindTopologyModels } from './bind-models.ts';
import { planExecution } from './execution-plan.ts';
import { parseTopology, TopologyError } from './parse-topology.ts';
import { topologyFromJson, topologyToJson, topologyToMermaid } from './topology-formats.ts';
import { topologyToString } from './topology.ts';

/** Issue 16 item 2: `Operator@model` in the text, JSON and Mermaid forms (DESIGN §4, §11). */
describe('topologies naming models', () => {
  it('parses Operator@model, spaces ignored; a node without @ names none', () => {
    const topology = parseTopology('CoT @ big, Generate > ScEnsemble@mini');
    expect(topology).toEqual({ layers: [['CoT', 'Generate'], ['ScEnsemble']], models: [['big', undefined], ['mini']] });
    expect(topologyToString(topology)).toBe('CoT@big, Generate > ScEnsemble@mini');
    // Without any @ the topology is exactly what it always was.
    expect(parseTopology('CoT, Generate > ScEnsemble')).toEqual({ layers: [['CoT', 'Generate'], ['ScEnsemble']] });
  });

  it('refuses a bad model name or an unknown operator before the @, naming the token', () => {
    expect(() => parseTopology('CoT@')).toThrow(new TopologyError('bad model name after @ (letters, digits, ".", "_", "-")', 'CoT@', 0));
    expect(() => parseTopology('Generate > CoT@a@b')).toThrow(/bad model name after @.*"CoT@a@b" at position 11/);
    expect(() => parseTopology('Gen@big')).toThrow(/^unknown operator: "Gen" at position 0;/);
  });

  it('binds to the declared models: several fill the first in, one drops every @', () => {
    const parsed = parseTopology('CoT@big, Generate > ScEnsemble');
    const bound = bindTopologyModels(parsed, ['mini', 'big']);
    expect(topologyToString(bound)).toBe('CoT@big, Generate@mini > ScEnsemble@mini');
    const single = bindTopologyModels(parseTopology('CoT@mini > ScEnsemble'), ['mini']);
    expect(single).toEqual({ layers: [['CoT'], ['ScEnsemble']] });
    expect(topologyToString(single)).toBe('CoT > ScEnsemble');
    const error = (() => {
      try {
        bindTopologyModels(parsed, ['mini', 'small']);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('--topology: node "CoT@big" names model "big", which is not declared: --models declares mini, small');
  });

  it('round-trips through JSON and labels Mermaid nodes with their model', () => {
    const topology = bindTopologyModels(parseTopology('CoT@big, Generate > ScEnsemble'), ['mini', 'big']);
    const json = topologyToJson(topology);
    expect(json).toBe('{"layers":[["CoT@big","Generate@mini"],["ScEnsemble@mini"]]}');
    expect(topologyFromJson(json)).toEqual(topology);
    expect(topologyToJson(parseTopology('CoT > ScEnsemble'))).toBe('{"layers":[["CoT"],["ScEnsemble"]]}');
    expect(() => topologyFromJson('{"layers":[["CoT@big,Generate"]]}')).toThrow(/expected an operator name, optionally @model/);
    const mermaid = topologyToMermaid(topology);
    expect(mermaid).toContain('  L0_0[CoT@big]');
    expect(mermaid).toContain('  L1_0[ScEnsemble@mini]');
  });

  it('names the model in node ids, as traces show them', () => {
    const plan = planExecution(bindTopologyModels(parseTopology('CoT@big, CoT > ScEnsemble'), ['mini', 'big']), 'layer');
    expect(plan.nodes.map((node) => [node.id, node.model])).toEqual([
      ['L0.0:CoT@big', 'big'],
      ['L0.1:CoT@mini', 'mini'],
      ['L1.0:ScEnsemble@mini', 'mini'],
    ]);
    expect(planExecution(parseTopology('CoT > ScEnsemble'), 'layer').nodes.map((node) => node.id)).toEqual(['L0.0:CoT', 'L1.0:ScEnsemble']);
  });
});
