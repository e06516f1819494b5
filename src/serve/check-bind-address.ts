import { isIP } from 'node:net';
import { UsageError } from '../util/errors.ts';

/**
 * Refuses to listen beyond this machine without a token: anyone who can reach an open server
 * can spend its LLM budget. Loopback is 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`.
 */
export function checkBindAddress(host: string, hasToken: boolean): void {
  if (hasToken || isLoopback(host)) return;
  throw new UsageError(`refusing to bind ${host}, which is not loopback, without --token SECRET (anyone who could reach the server could spend its LLM budget); give --token or use --host 127.0.0.1`, '--host');
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare) || /^(0+:){7}0*1$/.test(bare);
  return false;
}
