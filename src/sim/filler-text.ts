import type { Random } from '../util/random.ts';

/**
 * Words that are one o200k token each with their leading space, so a text of N of them is
 * about N tokens. No digits: filler must never look like an answer to the extractors.
 */
const words = (
  'the we so then this that it is to of and for with as on by at from first next now check each step ' +
  'value total result sum part per each more less left right use find let write note here both every all ' +
  'which means gives since because also again thus hence therefore compute number amount count add subtract ' +
  'multiply divide equal after before known given need want answer question problem'
).split(' ');

/** Reasoning-shaped prose of about `tokens` tokens, in sentences. */
export function fillerText(tokens: number, random: Random): string {
  const out: string[] = [];
  let sentence: string[] = [];
  for (let i = 0; i < tokens; i++) {
    sentence.push(random.pick(words));
    if (sentence.length >= 12 && random.float() < 0.2) {
      out.push(capitalise(sentence.join(' ')) + '.');
      sentence = [];
    }
  }
  if (sentence.length > 0) out.push(capitalise(sentence.join(' ')) + '.');
  return out.join(' ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
