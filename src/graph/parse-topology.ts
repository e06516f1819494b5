import { isOperatorName, operatorAliases, operatorNames, type OperatorName } from '../../operators/operator-names.ts';
import { LamasError } from '../util/errors.ts';
import type { Topology } from './topology.ts';

/** A topology string that does not parse; names the token and its 0-based position, then any hint. */
export class TopologyError extends LamasError {
  override readonly exitCode = 2;
  override readonly name = 'TopologyError';
  constructor(
    readonly reason: string,
    readonly token?: string,
    readonly position?: number,
    readonly hint?: string,
  ) {
    super(`${token === undefined ? reason : `${reason}: "${token}" at position ${position}`}${hint ? `; ${hint}` : ''}`);
  }

  /** The same error with `more` added to its hint. */
  withHint(more: string): TopologyError {
    return new TopologyError(this.reason, this.token, this.position, this.hint ? `${this.hint}; ${more}` : more);
  }
}

/** A model name as `--models` declares it and `Operator@model` names it: no spaces, `@`, `,`, `>` or `=`. */
export const modelNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * `Generate > CoT, MultiCoT > ScEnsemble`: layers split by `>`, operators by `,`, spaces ignored.
 * `CoT@big` names the node's model (DESIGN §11); `models` is set only when some node names one.
 */
export function parseTopology(text: string): Topology {
  if (text.trim() === '') throw new TopologyError('empty topology');
  const layers: OperatorName[][] = [];
  const models: (string | undefined)[][] = [];
  let offset = 0;
  for (const layerText of text.split('>')) {
    const layer: OperatorName[] = [];
    const layerModels: (string | undefined)[] = [];
    let inner = offset;
    for (const raw of layerText.split(',')) {
      const token = raw.trim();
      const position = inner + raw.indexOf(token.charAt(0) || ' ');
      if (token === '') throw new TopologyError(`empty operator slot in layer ${layers.length}`, raw, Math.max(inner, 0));
      const at = token.indexOf('@');
      const operatorText = (at < 0 ? token : token.slice(0, at)).trim();
      const model = at < 0 ? undefined : token.slice(at + 1).trim();
      if (model !== undefined && !modelNamePattern.test(model)) throw new TopologyError('bad model name after @ (letters, digits, ".", "_", "-")', token, position);
      const name = operatorAliases[operatorText] ?? operatorText;
      if (!isOperatorName(name)) throw new TopologyError('unknown operator', at < 0 ? token : operatorText, position, unknownOperatorHint(operatorText));
      layer.push(name);
      layerModels.push(model);
      inner += raw.length + 1;
    }
    layers.push(layer);
    models.push(layerModels);
    offset += layerText.length + 1;
  }
  return models.some((layer) => layer.some((model) => model !== undefined)) ? { layers, models } : { layers };
}

/**
 * "did you mean CoT?" (the closest name, ignoring case, spaces, dashes and underscores, within
 * a couple of typos), then every name. Names stay case-sensitive (DESIGN §4): `cot` is refused,
 * with CoT suggested.
 */
function unknownOperatorHint(token: string): string {
  const suggestion = closestOperatorName(token);
  const list = `operators, case-sensitive: ${operatorNames.join(', ')}; aliases: ${Object.keys(operatorAliases).join(', ')}`;
  return suggestion ? `did you mean ${suggestion}? (${list})` : list;
}

/** The operator name or alias closest to `token`, or undefined when none is close. */
export function closestOperatorName(token: string): string | undefined {
  const wanted = fold(token);
  let best: { name: string; distance: number } | undefined;
  for (const name of [...operatorNames, ...Object.keys(operatorAliases)]) {
    const distance = editDistance(wanted, fold(name));
    if (!best || distance < best.distance) best = { name, distance };
  }
  const allowed = wanted.length <= 4 ? 1 : 2;
  return best && best.distance <= allowed ? best.name : undefined;
}

const fold = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}
