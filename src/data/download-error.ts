import { LamasError } from '../util/errors.ts';

/** A download failed before its bytes could be checked: HTTP status, network or unreadable source. The message names the URL. */
export class DownloadError extends LamasError {
  override readonly name = 'DownloadError';
  constructor(
    readonly url: string,
    reason: string,
    /** The HTTP status, when the server answered with one. */
    readonly status?: number,
  ) {
    super(`${url}: ${reason}`);
  }
}
