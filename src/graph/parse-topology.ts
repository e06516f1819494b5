import { isOperatorName, operatorAliases, type OperatorName } from '../../operators/operator-names.ts';
import { LamasError } from '../util/errors.ts';
import type { Topology } from './topology.ts';

/** A topology string that does not parse; names the token and its 0-based position. */
export class TopologyError extends LamasError {
  override readonly exitCode = 2;
  override readonly name = 'TopologyError';
  constructor(
    reason: string,
    readonly token?: string,
    readonly position?: number,
  ) {
    super(token === undefined ? reason : `${reason}: "${token}" at position ${position}`);
  }
}

/** `Generate > CoT, MultiCoT > ScEnsemble`: layers split by `>`, operators by `,`, spaces ignored. */
export function parseTopology(text: string): Topology {
  if (text.trim() === '') throw new TopologyError('empty topology');
  const layers: OperatorName[][] = [];
  let offset = 0;
  for (const layerText of text.split('>')) {
    const layer: OperatorName[] = [];
    let inner = offset;
    for (const raw of layerText.split(',')) {
      const token = raw.trim();
      const position = inner + raw.indexOf(token.charAt(0) || ' ');
      if (token === '') throw new TopologyError(`empty operator slot in layer ${layers.length}`, raw, Math.max(inner, 0));
      const name = operatorAliases[token] ?? token;
      if (!isOperatorName(name)) throw new TopologyError('unknown operator', token, position);
      layer.push(name);
      inner += raw.length + 1;
    }
    layers.push(layer);
    offset += layerText.length + 1;
  }
  return { layers };
}
