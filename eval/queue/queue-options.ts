import type { RedisOptions } from 'bullmq';
import { z } from 'zod';
import { UsageError } from '../../src/util/errors.ts';

/** The one BullMQ queue every lamas job goes on; a worker serves every kind of job on it. */
export const queueName = 'lamas';

/** How a queued sweep reaches its workers. */
export interface QueueSweepOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string;
  /** Tries per job before it is failed with its last error (a worker killed mid-job is not a try: it is a stall). */
  attempts: number;
}

const redisUrl = z
  .string()
  .transform((text, context) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      context.addIssue({ code: 'custom', message: `"${text}" is not a URL (expected redis://HOST:PORT)` });
      return z.NEVER;
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      context.addIssue({ code: 'custom', message: `"${text}" is not a redis:// or rediss:// URL` });
      return z.NEVER;
    }
    return url;
  })
  .pipe(
    z.instanceof(URL).refine((url) => url.hostname !== '', 'names no host (expected redis://HOST:PORT)'),
  );

/**
 * ioredis options for a redis:// URL, as BullMQ needs them: commands wait through a Redis restart
 * (no per-request retry limit, the offline queue on) instead of failing, and reconnects are retried
 * forever with a capped delay, so a worker or a waiting sweep outlives a Redis restart.
 */
export function redisOptions(text: string, flag: string): RedisOptions {
  const parsed = redisUrl.safeParse(text);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]!.message, flag);
  const url = parsed.data;
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new UsageError(`"${text}": the database "${url.pathname.slice(1)}" is not a number`, flag);
  return {
    host: url.hostname,
    port: url.port === '' ? 6379 : Number(url.port),
    db,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
}

/** Whether a --cache value names Redis rather than a SQLite file. */
export const isRedisUrl = (value: unknown): value is string => typeof value === 'string' && /^rediss?:\/\//.test(value);
