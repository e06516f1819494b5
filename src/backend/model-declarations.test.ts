import { describe, expect, it } from 'vitest';
import { backendOptionsSchema } from './backend-options.ts';
import { declaredModels, modelOptions, parseModelsFlag, singleModelName } from './model-declarations.ts';

/** Issue 16 item 1: `--models name=backend,...` and how it relates to `--llm`. */
describe('--models', () => {
  it('declares models in order, each with its backend and, for openai, its own server', () => {
    expect(parseModelsFlag(' mini = replay:gpt-4o-mini , big=replay:gpt-4')).toEqual([
      { name: 'mini', backend: 'replay:gpt-4o-mini' },
      { name: 'big', backend: 'replay:gpt-4' },
    ]);
    const [local, remote] = parseModelsFlag('local=openai:llama3.1:8b@http://127.0.0.1:8000/v1,strong=openai:gpt-4o');
    expect(local).toEqual({ name: 'local', backend: 'openai:llama3.1:8b', baseUrl: 'http://127.0.0.1:8000/v1' });
    expect(modelOptions({ llm: 'x', baseUrl: 'https://api.example/v1' }, local!)).toEqual({ llm: 'openai:llama3.1:8b', baseUrl: 'http://127.0.0.1:8000/v1' });
    expect(modelOptions({ llm: 'x', baseUrl: 'https://api.example/v1' }, remote!)).toEqual({ llm: 'openai:gpt-4o', baseUrl: 'https://api.example/v1' });
  });

  it('refuses a server URL where it means nothing or is no URL, naming the token', () => {
    expect(() => parseModelsFlag('a=sim:gpt-4o-mini@http://127.0.0.1:1/v1')).toThrow('--models: "a=sim:gpt-4o-mini@http://127.0.0.1:1/v1": a server URL after @ applies only to openai:<model>');
    expect(() => parseModelsFlag('a=openai:m@localhost')).toThrow('--models: "a=openai:m@localhost": "localhost" after @ is not an http(s) URL');
  });

  it('--llm B is one model named after its model part; --models alone makes its first model the --llm', () => {
    expect(declaredModels({ llm: 'replay:gpt-4' })).toEqual([{ name: 'gpt-4', backend: 'replay:gpt-4' }]);
    expect(singleModelName('openai:llama3.1:8b')).toBe('llama3.1-8b');
    const options = backendOptionsSchema.parse({ models: 'big=replay:gpt-4,mini=replay:gpt-4o-mini' });
    expect(options.llm).toBe('replay:gpt-4');
    expect(backendOptionsSchema.parse({}).llm).toBe('sim:gpt-4o-mini');
    expect(backendOptionsSchema.safeParse({ llm: 'sim:gpt-4o-mini', models: 'a=sim:gpt-4o-mini' }).success).toBe(false);
  });
});
