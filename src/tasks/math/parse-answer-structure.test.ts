import { describe, expect, it } from 'vitest';
import { parseAnswerStructure, splitTopLevel } from './parse-answer-structure.ts';

describe('parseAnswerStructure', () => {
  it.each([
    ['5', { kind: 'scalar', text: '5' }],
    ['(1,2)', { kind: 'sequence', open: '(', close: ')', items: ['1', '2'] }],
    ['[1,2)', { kind: 'sequence', open: '[', close: ')', items: ['1', '2'] }],
    ['(-\\infty,0]', { kind: 'sequence', open: '(', close: ']', items: ['-\\infty', '0'] }],
    ['\\{1,2\\}', { kind: 'set', items: ['1', '2'], written: 'braces' }],
    ['\\{\\}', { kind: 'set', items: [], written: 'braces' }],
    ['1,2,3', { kind: 'set', items: ['1', '2', '3'], written: 'list' }],
    ['(1,2),(3,4)', { kind: 'set', items: ['(1,2)', '(3,4)'], written: 'list' }],
    ['(C)', { kind: 'scalar', text: 'C' }],
    ['((1+2))', { kind: 'scalar', text: '1+2' }],
    ['(1,2)\\cup[3,4]', { kind: 'union', parts: ['(1,2)', '[3,4]'] }],
    ['1\\pm\\sqrt{2}', { kind: 'set', items: ['1+\\sqrt{2}', '1-\\sqrt{2}'], written: 'pm' }],
    ['\\frac{-1\\pm\\sqrt{5}}{2}', { kind: 'set', items: ['\\frac{-1+\\sqrt{5}}{2}', '\\frac{-1-\\sqrt{5}}{2}'], written: 'pm' }],
    ['\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', { kind: 'matrix', rows: [['1', '2'], ['3', '4']] }],
    ['\\begin{bmatrix}1\\\\2\\\\\\end{bmatrix}', { kind: 'matrix', rows: [['1'], ['2']] }],
    ['f(1,2)', { kind: 'scalar', text: 'f(1,2)' }],
    ['(1)+(2)', { kind: 'scalar', text: '(1)+(2)' }],
    ['x<5', { kind: 'relation', terms: ['x', '5'], operators: ['<'] }],
    ['0<y\\le1', { kind: 'relation', terms: ['0', 'y', '1'], operators: ['<', '\\le'] }],
    ['x\\ne3', { kind: 'relation', terms: ['x', '3'], operators: ['\\ne'] }],
    ['f(2)<f(1)', { kind: 'relation', terms: ['f(2)', 'f(1)'], operators: ['<'] }],
    ['\\{1\\pm\\sqrt{5},-2\\}', { kind: 'set', items: ['1+\\sqrt{5}', '1-\\sqrt{5}', '-2'], written: 'braces' }],
    ['\\begin{array}{cc}1&2\\\\3&4\\end{array}', { kind: 'matrix', rows: [['1', '2'], ['3', '4']] }],
    ['[\\begin{array}{c}1\\\\2\\end{array}]', { kind: 'matrix', rows: [['1'], ['2']] }],
    ['<5', { kind: 'scalar', text: '<5' }],
  ])('%s', (input, expected) => {
    expect(parseAnswerStructure(input)).toEqual(expected);
  });
});

describe('splitTopLevel', () => {
  it.each([
    ['1,2', ',', ['1', '2']],
    ['\\frac{1,2}{3},4', ',', ['\\frac{1,2}{3}', '4']],
    ['[1,2),(3,4]', ',', ['[1,2)', '(3,4]']],
    ['\\{1,2\\},3', ',', ['\\{1,2\\}', '3']],
    ['a\\cup b', '\\cup', ['a', 'b']],
    ['a\\cupb', '\\cup', ['a\\cupb']],
  ])('%s by %s', (input, separator, expected) => {
    expect(splitTopLevel(input, separator)).toEqual(expected);
  });
});
