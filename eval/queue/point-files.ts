import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { writeFileAtomic } from '../../src/util/atomic-write.ts';

/** A directory's files as relative path (always `/`-separated) → base64 bytes: how a point's files travel through Redis. */
export type PackedFiles = Record<string, string>;

/** Packs every file under `dir` (or only those under `only`, relative paths) in path order. */
export async function packFiles(dir: string, only?: readonly string[]): Promise<PackedFiles> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => only === undefined || only.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)))
    .sort();
  const packed: PackedFiles = {};
  for (const path of paths) packed[path] = (await readFile(join(dir, path))).toString('base64');
  return packed;
}

/**
 * Writes packed files under `dir`. A path that would leave `dir` (absolute, or with `..`) is refused:
 * the files come from Redis, which anyone with its address can write.
 */
export async function unpackFiles(dir: string, files: PackedFiles, options: { atomic: boolean }): Promise<void> {
  for (const [path, base64] of Object.entries(files)) {
    const parts = path.split('/');
    if (path.startsWith('/') || parts.some((part) => part === '..' || part === '' || part === '.')) throw new Error(`a job's file "${path}" is not a plain relative path`);
    const target = join(dir, ...parts);
    const bytes = Buffer.from(base64, 'base64');
    if (options.atomic) await writeFileAtomic(target, bytes);
    else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
  }
}
