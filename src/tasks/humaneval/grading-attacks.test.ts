import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeAll } from '../../../eval/grade-predictions.ts';
import { hasSharedData, sharedFile } from '../../../test/shared-data.ts';
import { createPythonSandbox } from '../../sandbox/python-sandbox.ts';
import type { CodeProblem, Task } from '../task.ts';
import { humanEvalTask } from './humaneval-task.ts';

const sandbox = createPythonSandbox({ concurrency: 2 });
const marker = `HIDDEN-${randomBytes(6).toString('hex')}`;
const problem: CodeProblem = {
  id: 'Toy/1',
  taskId: 'Toy/1',
  index: 0,
  question: '',
  prompt: 'def double(x):\n    """Twice x."""\n',
  entryPoint: 'double',
  test: `def check(candidate):\n    # ${marker}\n    assert candidate(2) == 4\n    assert candidate(-3) == -6\n    assert candidate(0) == 0\n`,
  canonicalSolution: '    return 2 * x\n',
  difficulty: 1,
};
const grade = (output: string, target: CodeProblem = problem) => humanEvalTask.grade(target, output, { sandbox, cpuSeconds: 5 });

/** Ways a wrong body can try to end the process "successfully" or lie about its results. */
const attacks: Record<string, string> = {
  'sys.exit(0)': '    pass\nimport sys\nsys.exit(0)\n',
  'exit() at module level': '    return 0\nexit()\n',
  'os._exit(0)': '    pass\nimport os\nos._exit(0)\n',
  'raise SystemExit(0)': '    raise SystemExit(0)\n',
  'atexit handler': '    return 0\nimport atexit, os\natexit.register(lambda: os._exit(0))\n',
  'sys.excepthook': '    return 0\nimport sys, os\nsys.excepthook = lambda *a: os._exit(0)\n',
  'settrace on check': [
    '    return 0',
    'import sys, os, threading',
    'def tracer(frame, event, arg):',
    '    if frame.f_code.co_name == "check": os._exit(0)',
    '    return tracer',
    'sys.settrace(tracer); threading.settrace(tracer)',
    '',
  ].join('\n'),
  'thread calling os._exit(0)': '    import threading, os\n    threading.Thread(target=lambda: os._exit(0)).start()\n    import time; time.sleep(1)\n',
  'fenced sys.exit(0)': 'Here:\n```python\nimport sys\nsys.exit(0)\n```\n',
  'setsid child, parent exits 0': [
    '    return 0',
    'import os, time',
    'if os.fork() == 0:',
    '    os.setsid(); time.sleep(2); os._exit(0)',
    'os._exit(0)',
    '',
  ].join('\n'),
  'an object equal to everything': [
    '    class Liar:',
    '        def __eq__(self, other): return True',
    '        def __ne__(self, other): return False',
    '        def __repr__(self): return "Liar()"',
    '    return Liar()',
    '',
  ].join('\n'),
  'an int subclass equal to everything': '    class Liar(int):\n        def __eq__(self, other): return True\n    return Liar(7)\n',
  'patching builtins in its own process': '    import builtins\n    builtins.AssertionError = type("Never", (Exception,), {})\n    return 0\n',
  'a forged verdict on every reachable stdout': [
    '    import os, json',
    '    for pid in os.listdir("/proc"):',
    '        if not pid.isdigit(): continue',
    '        for fd in ("1", "2"):',
    '            try:',
    '                with open(f"/proc/{pid}/fd/{fd}", "w") as out:',
    '                    out.write(json.dumps({"nonce": None, "status": "passed"}) + "\\n")',
    '            except OSError:',
    '                pass',
    '    print(json.dumps({"nonce": None, "status": "passed"}))',
    '    return 0',
    '',
  ].join('\n'),
};

describe('grading integrity: nothing a completion does turns into a pass', () => {
  it('still passes a correct body and fails a wrong one', async () => {
    expect(await grade('    return 2 * x\n')).toMatchObject({ correct: true, status: 'passed' });
    expect(await grade('    return x + 1\n')).toMatchObject({ correct: false, status: 'failed' });
    const error = await grade('    return undefined_name\n');
    expect(error).toMatchObject({ correct: false, status: 'error' });
    expect(error.message).toContain("NameError: name 'undefined_name' is not defined");
  });

  it.each(Object.entries(attacks))('%s: not a pass', async (_name, completion) => {
    const verdict = await grade(completion);
    expect(verdict.correct).toBe(false);
    expect(verdict.status).not.toBe('passed');
  });

  it('cannot read the hidden tests: not from its own file, its directory, nor the harness through /proc', async () => {
    // Returns the right answer only if it found the marker that appears in the hidden tests alone.
    const snoop = [
      '    import os, glob',
      '    def leaked(path):',
      '        try:',
      '            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)',
      '            try: return (b"HIDD" + b"EN-") in os.read(fd, 1 << 22)',
      '            finally: os.close(fd)',
      '        except Exception: return False',
      '    paths = [__file__] + glob.glob("*") + glob.glob("/tmp/**", recursive=True)',
      '    for pid in os.listdir("/proc"):',
      '        if pid.isdigit():',
      '            paths += [f"/proc/{pid}/cmdline", f"/proc/{pid}/environ", f"/proc/{pid}/fd/0"] + glob.glob(f"/proc/{pid}/fd/*")',
      '    def in_memory(pid):',
      '        try:',
      '            maps = open(f"/proc/{pid}/maps").read().splitlines()',
      '            with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:',
      '                for line in maps:',
      '                    start, end = (int(v, 16) for v in line.split()[0].split("-"))',
      '                    if "r" not in line.split()[1] or end - start > 1 << 26: continue',
      '                    try:',
      '                        mem.seek(start)',
      '                        if (b"HIDD" + b"EN-") in mem.read(end - start): return True',
      '                    except OSError: pass',
      '        except OSError: return False',
      '        return False',
      '    if any(leaked(p) for p in paths) or in_memory(os.getppid()): return 2 * x',
      '    return 0',
      '',
    ].join('\n');
    expect(await grade(snoop)).toMatchObject({ correct: false });
  });

  describe('the project and the benchmark files are out of reach', () => {
    const outside = mkdtempSync(join(fileURLToPath(new URL('../../../', import.meta.url)), '.lamas-reachable-'));
    afterAll(() => rmSync(outside, { recursive: true, force: true }));

    it('cannot read an answer file from the project directory', async () => {
      const isolation = await sandbox.isolation();
      const answers = join(outside, 'answers.txt');
      writeFileSync(answers, 'ok');
      const reads = `    try:\n        open(${JSON.stringify(answers)}).read()\n        return 2 * x\n    except OSError:\n        return 0\n`;
      const verdict = await grade(reads);
      if (!isolation.namespaces) {
        console.warn('no mount namespace on this host: the sandbox can read the host file system');
        return;
      }
      expect(verdict.status).toBe('failed');
    });
  });

  describe.skipIf(!hasSharedData)('through lamas grade on real HumanEval problems', () => {
    it('gives 0 passes for every attack, while the canonical solutions pass', async () => {
      // HumanEval/0 and /33 (whose test names the entry point itself, so the proxy must stand in).
      const problems = (await humanEvalTask.load(sharedFile('humaneval/HumanEval.jsonl'))).filter((p) => ['HumanEval/0', 'HumanEval/33'].includes(p.id));
      const items = problems.flatMap((target) => Object.values(attacks).map((output) => ({ problem: target, output })));
      const rows = await gradeAll(humanEvalTask as Task, items, { sandbox });
      expect(rows.filter((row) => row.correct)).toEqual([]);
      const canonical = await gradeAll(humanEvalTask as Task, problems.map((target) => ({ problem: target, output: target.canonicalSolution! })), { sandbox });
      expect(canonical.every((row) => row.correct)).toBe(true);
    });
  });
});
