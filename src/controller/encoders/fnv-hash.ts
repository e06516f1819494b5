/** FNV-1a's 32-bit offset basis: the state before any byte. */
export const fnvOffset = 0x811c9dc5;

/**
 * 32-bit FNV-1a over the UTF-8 bytes: fixed, tiny, and the same in every JS engine.
 */
export function fnv1a32(text: string): number {
  return fnvContinue(fnvOffset, text) >>> 0;
}

/**
 * FNV-1a continued over `text`'s UTF-8 bytes from state `start`, so hashing "ab" equals hashing
 * "b" from the state after "a" (callers hash a shared prefix once). The bytes are produced
 * inline, as TextEncoder would (a lone surrogate becomes U+FFFD), because allocating an encoded
 * copy per feature cost more than the hashing. Returns a signed 32-bit state; `>>> 0` it at the end.
 */
export function fnvContinue(start: number, text: string): number {
  let hash = start;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = code <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else {
        code = 0xfffd;
      }
    }
    if (code < 0x80) {
      hash = fnvStep(hash, code);
    } else if (code < 0x800) {
      hash = fnvStep(fnvStep(hash, 0xc0 | (code >> 6)), 0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      hash = fnvStep(fnvStep(fnvStep(hash, 0xe0 | (code >> 12)), 0x80 | ((code >> 6) & 0x3f)), 0x80 | (code & 0x3f));
    } else {
      hash = fnvStep(fnvStep(fnvStep(fnvStep(hash, 0xf0 | (code >> 18)), 0x80 | ((code >> 12) & 0x3f)), 0x80 | ((code >> 6) & 0x3f)), 0x80 | (code & 0x3f));
    }
  }
  return hash;
}

/** One byte of FNV-1a. */
export function fnvStep(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, 0x01000193);
}

/** murmur3's finaliser: FNV's low bits are weak for short keys, and we take a modulus and a sign bit. */
export function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
