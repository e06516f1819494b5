/**
 * Source of truth for `humaneval-mini.jsonl` and its public tests: original, hand-written
 * Python problems in the HumanEval layout (prompt = imports + signature + docstring with
 * examples; canonical solution = the indented body that continues the prompt).
 * `data/make-data.ts` renders them; `data/check-humaneval-mini.py` proves every canonical
 * solution passes and a `return None` body fails.
 */
export interface HumanEvalMiniProblem {
  entryPoint: string;
  prompt: string;
  canonicalSolution: string;
  /** Expressions asserted by the hidden `check(candidate)`, in order. */
  tests: readonly string[];
  /** Indexes into `tests` that are published as public tests (the docstring examples). */
  publicTests: readonly number[];
}

export const humanEvalMiniProblems: readonly HumanEvalMiniProblem[] = [
  {
    entryPoint: 'count_vowel_words',
    prompt: String.raw`def count_vowel_words(sentence: str) -> int:
    """ Count the words in the sentence that start with a vowel (a, e, i, o, u),
    ignoring case. Words are separated by whitespace.
    >>> count_vowel_words('An owl sat on the elm')
    4
    >>> count_vowel_words('')
    0
    """
`,
    canonicalSolution: String.raw`    return sum(1 for word in sentence.split() if word[0].lower() in 'aeiou')
`,
    tests: [
      `candidate('An owl sat on the elm') == 4`,
      `candidate('') == 0`,
      `candidate('rhythm and blues') == 1`,
      `candidate('   Umbrella   under   ICE  ') == 3`,
      `candidate('xyz') == 0`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'run_length_encode',
    prompt: String.raw`def run_length_encode(text: str) -> str:
    """ Compress a string by replacing each run of a repeated character with the
    character followed by the length of the run.
    >>> run_length_encode('aaabcc')
    'a3b1c2'
    >>> run_length_encode('')
    ''
    """
`,
    canonicalSolution: String.raw`    if not text:
        return ''
    parts = []
    current = text[0]
    count = 1
    for ch in text[1:]:
        if ch == current:
            count += 1
        else:
            parts.append(current + str(count))
            current = ch
            count = 1
    parts.append(current + str(count))
    return ''.join(parts)
`,
    tests: [
      `candidate('aaabcc') == 'a3b1c2'`,
      `candidate('') == ''`,
      `candidate('z') == 'z1'`,
      `candidate('aabbaa') == 'a2b2a2'`,
      `candidate('xxxxxxxxxxxx') == 'x12'`,
      `candidate('ab ab') == 'a1b1 1a1b1'`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'rotate_right',
    prompt: String.raw`from typing import List


def rotate_right(items: List[int], k: int) -> List[int]:
    """ Return a new list with the items rotated k places to the right.
    k may be larger than the length of the list; an empty list stays empty.
    >>> rotate_right([1, 2, 3, 4, 5], 2)
    [4, 5, 1, 2, 3]
    >>> rotate_right([1, 2, 3], 3)
    [1, 2, 3]
    """
`,
    canonicalSolution: String.raw`    if not items:
        return []
    k %= len(items)
    return items[-k:] + items[:-k] if k else list(items)
`,
    tests: [
      `candidate([1, 2, 3, 4, 5], 2) == [4, 5, 1, 2, 3]`,
      `candidate([1, 2, 3], 3) == [1, 2, 3]`,
      `candidate([], 4) == []`,
      `candidate([7], 100) == [7]`,
      `candidate([1, 2, 3, 4], 7) == [2, 3, 4, 1]`,
      `candidate([9, 8], 0) == [9, 8]`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'digital_root',
    prompt: String.raw`def digital_root(n: int) -> int:
    """ Repeatedly replace a non-negative integer by the sum of its digits until a
    single digit remains, and return that digit.
    >>> digital_root(38)
    2
    >>> digital_root(0)
    0
    """
`,
    canonicalSolution: String.raw`    while n >= 10:
        n = sum(int(d) for d in str(n))
    return n
`,
    tests: [
      `candidate(38) == 2`,
      `candidate(0) == 0`,
      `candidate(9) == 9`,
      `candidate(99999) == 9`,
      `candidate(123456789) == 9`,
      `candidate(1000000001) == 2`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'brackets_balanced',
    prompt: String.raw`def brackets_balanced(text: str) -> bool:
    """ Return True if every (, [ and { in the text is closed by the matching
    bracket in the right order. Characters other than brackets are ignored.
    >>> brackets_balanced('f(a[1], {b: 2})')
    True
    >>> brackets_balanced('(]')
    False
    """
`,
    canonicalSolution: String.raw`    pairs = {')': '(', ']': '[', '}': '{'}
    stack = []
    for ch in text:
        if ch in '([{':
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack
`,
    tests: [
      `candidate('f(a[1], {b: 2})') == True`,
      `candidate('(]') == False`,
      `candidate('') == True`,
      `candidate('(((') == False`,
      `candidate('}{') == False`,
      `candidate('[({})]()') == True`,
      `candidate('([)]') == False`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'merge_intervals',
    prompt: String.raw`from typing import List


def merge_intervals(intervals: List[List[int]]) -> List[List[int]]:
    """ Merge overlapping closed intervals [start, end] and return them sorted by
    start. Intervals that only touch (one ends where the next starts) are merged too.
    >>> merge_intervals([[1, 3], [2, 6], [8, 10]])
    [[1, 6], [8, 10]]
    >>> merge_intervals([[5, 7], [1, 5]])
    [[1, 7]]
    """
`,
    canonicalSolution: String.raw`    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
`,
    tests: [
      `candidate([[1, 3], [2, 6], [8, 10]]) == [[1, 6], [8, 10]]`,
      `candidate([[5, 7], [1, 5]]) == [[1, 7]]`,
      `candidate([]) == []`,
      `candidate([[4, 4]]) == [[4, 4]]`,
      `candidate([[1, 10], [2, 3], [4, 5]]) == [[1, 10]]`,
      `candidate([[6, 8], [1, 2], [3, 4]]) == [[1, 2], [3, 4], [6, 8]]`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'caesar_shift',
    prompt: String.raw`def caesar_shift(text: str, shift: int) -> str:
    """ Shift every letter of the text by the given number of places in the
    alphabet, wrapping around from z to a. Keep the case of each letter and leave
    all other characters unchanged. The shift may be negative.
    >>> caesar_shift('Hello, World!', 3)
    'Khoor, Zruog!'
    >>> caesar_shift('abc', -1)
    'zab'
    """
`,
    canonicalSolution: String.raw`    out = []
    for ch in text:
        if 'a' <= ch <= 'z':
            out.append(chr((ord(ch) - ord('a') + shift) % 26 + ord('a')))
        elif 'A' <= ch <= 'Z':
            out.append(chr((ord(ch) - ord('A') + shift) % 26 + ord('A')))
        else:
            out.append(ch)
    return ''.join(out)
`,
    tests: [
      `candidate('Hello, World!', 3) == 'Khoor, Zruog!'`,
      `candidate('abc', -1) == 'zab'`,
      `candidate('', 5) == ''`,
      `candidate('xyz', 29) == 'abc'`,
      `candidate('Mixed 123 Case', 26) == 'Mixed 123 Case'`,
      `candidate(candidate('Round trip', 11), -11) == 'Round trip'`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'parse_duration',
    prompt: String.raw`def parse_duration(text: str) -> int:
    """ Convert a duration such as '1h30m15s' into a number of seconds. Each of the
    h, m and s parts is optional, but those present appear in that order.
    >>> parse_duration('1h30m15s')
    5415
    >>> parse_duration('45s')
    45
    >>> parse_duration('2h')
    7200
    """
`,
    canonicalSolution: String.raw`    total = 0
    number = ''
    factors = {'h': 3600, 'm': 60, 's': 1}
    for ch in text:
        if ch.isdigit():
            number += ch
        else:
            total += int(number) * factors[ch]
            number = ''
    return total
`,
    tests: [
      `candidate('1h30m15s') == 5415`,
      `candidate('45s') == 45`,
      `candidate('2h') == 7200`,
      `candidate('10m') == 600`,
      `candidate('0h0m0s') == 0`,
      `candidate('3h5s') == 10805`,
      `candidate('100m') == 6000`,
    ],
    publicTests: [0, 1, 2],
  },
  {
    entryPoint: 'word_frequencies',
    prompt: String.raw`from typing import Dict


def word_frequencies(text: str) -> Dict[str, int]:
    """ Count how often each word occurs in the text. Words are runs of the letters
    a-z, compared without regard to case; everything else separates words.
    >>> word_frequencies('The cat and the hat.')
    {'the': 2, 'cat': 1, 'and': 1, 'hat': 1}
    >>> word_frequencies('...')
    {}
    """
`,
    canonicalSolution: String.raw`    counts = {}
    word = ''
    for ch in text.lower() + ' ':
        if 'a' <= ch <= 'z':
            word += ch
        elif word:
            counts[word] = counts.get(word, 0) + 1
            word = ''
    return counts
`,
    tests: [
      `candidate('The cat and the hat.') == {'the': 2, 'cat': 1, 'and': 1, 'hat': 1}`,
      `candidate('...') == {}`,
      `candidate('') == {}`,
      `candidate('Go, go, GO!') == {'go': 3}`,
      `candidate("it's 2 o'clock") == {'it': 1, 's': 1, 'o': 1, 'clock': 1}`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'transpose',
    prompt: String.raw`from typing import List


def transpose(matrix: List[List[int]]) -> List[List[int]]:
    """ Return the transpose of a rectangular matrix given as a list of rows.
    The transpose of an empty matrix is an empty list.
    >>> transpose([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    >>> transpose([[7]])
    [[7]]
    """
`,
    canonicalSolution: String.raw`    if not matrix:
        return []
    return [[row[c] for row in matrix] for c in range(len(matrix[0]))]
`,
    tests: [
      `candidate([[1, 2, 3], [4, 5, 6]]) == [[1, 4], [2, 5], [3, 6]]`,
      `candidate([[7]]) == [[7]]`,
      `candidate([]) == []`,
      `candidate([[1], [2], [3]]) == [[1, 2, 3]]`,
      `candidate([[1, 2], [3, 4]]) == [[1, 3], [2, 4]]`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'longest_increasing_run',
    prompt: String.raw`from typing import List


def longest_increasing_run(nums: List[int]) -> int:
    """ Return the length of the longest run of consecutive elements in which each
    element is strictly greater than the one before. An empty list has 0.
    >>> longest_increasing_run([1, 2, 2, 3, 4, 5, 1])
    4
    >>> longest_increasing_run([5, 4, 3])
    1
    """
`,
    canonicalSolution: String.raw`    if not nums:
        return 0
    best = current = 1
    for prev, cur in zip(nums, nums[1:]):
        current = current + 1 if cur > prev else 1
        best = max(best, current)
    return best
`,
    tests: [
      `candidate([1, 2, 2, 3, 4, 5, 1]) == 4`,
      `candidate([5, 4, 3]) == 1`,
      `candidate([]) == 0`,
      `candidate([1, 2, 3, 4]) == 4`,
      `candidate([3, 3, 3]) == 1`,
      `candidate([-5, -2, 0, -1, 10, 20]) == 3`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'binary_gap',
    prompt: String.raw`def binary_gap(n: int) -> int:
    """ Return the length of the longest run of zeros in the binary form of the
    positive integer n that has a 1 on both sides. Return 0 if there is none.
    >>> binary_gap(9)
    2
    >>> binary_gap(32)
    0
    """
`,
    canonicalSolution: String.raw`    bits = bin(n)[2:].strip('0')
    return max((len(run) for run in bits.split('1')), default=0)
`,
    tests: [
      `candidate(9) == 2`,
      `candidate(32) == 0`,
      `candidate(1) == 0`,
      `candidate(529) == 4`,
      `candidate(1041) == 5`,
      `candidate(15) == 0`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'flatten',
    prompt: String.raw`from typing import Any, List


def flatten(nested: List[Any]) -> List[Any]:
    """ Flatten arbitrarily nested lists into one flat list, keeping the order of
    the non-list elements.
    >>> flatten([1, [2, [3, 4]], 5])
    [1, 2, 3, 4, 5]
    >>> flatten([[], [[]]])
    []
    """
`,
    canonicalSolution: String.raw`    out = []
    for item in nested:
        if isinstance(item, list):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out
`,
    tests: [
      `candidate([1, [2, [3, 4]], 5]) == [1, 2, 3, 4, 5]`,
      `candidate([[], [[]]]) == []`,
      `candidate([]) == []`,
      `candidate(['a', ['b', ['c', ['d']]]]) == ['a', 'b', 'c', 'd']`,
      `candidate([[1, 2], 3, [[4], 5]]) == [1, 2, 3, 4, 5]`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'chunk_sums',
    prompt: String.raw`from typing import List


def chunk_sums(nums: List[int], size: int) -> List[int]:
    """ Split the list into consecutive chunks of the given size (the last chunk may
    be shorter) and return the sum of each chunk.
    >>> chunk_sums([1, 2, 3, 4, 5], 2)
    [3, 7, 5]
    >>> chunk_sums([], 3)
    []
    """
`,
    canonicalSolution: String.raw`    return [sum(nums[i:i + size]) for i in range(0, len(nums), size)]
`,
    tests: [
      `candidate([1, 2, 3, 4, 5], 2) == [3, 7, 5]`,
      `candidate([], 3) == []`,
      `candidate([4, 4, 4], 1) == [4, 4, 4]`,
      `candidate([1, 2, 3], 10) == [6]`,
      `candidate([-1, 1, -2, 2, 5], 2) == [0, 0, 5]`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'is_isogram',
    prompt: String.raw`def is_isogram(word: str) -> bool:
    """ Return True if no letter appears more than once in the word, ignoring case.
    Spaces and hyphens may repeat freely.
    >>> is_isogram('background')
    True
    >>> is_isogram('Alphabet')
    False
    """
`,
    canonicalSolution: String.raw`    letters = [ch.lower() for ch in word if ch not in ' -']
    return len(letters) == len(set(letters))
`,
    tests: [
      `candidate('background') == True`,
      `candidate('Alphabet') == False`,
      `candidate('') == True`,
      `candidate('six-year-old') == True`,
      `candidate('Emily Jung Schwartzkopf') == True`,
      `candidate('isograms') == False`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'spiral_order',
    prompt: String.raw`from typing import List


def spiral_order(matrix: List[List[int]]) -> List[int]:
    """ Return the elements of a rectangular matrix in clockwise spiral order,
    starting at the top-left corner.
    >>> spiral_order([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    [1, 2, 3, 6, 9, 8, 7, 4, 5]
    >>> spiral_order([[1, 2], [3, 4], [5, 6]])
    [1, 2, 4, 6, 5, 3]
    """
`,
    canonicalSolution: String.raw`    out = []
    rows = [list(row) for row in matrix]
    while rows:
        out.extend(rows.pop(0))
        rows = [list(col) for col in zip(*rows)][::-1]
    return out
`,
    tests: [
      `candidate([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == [1, 2, 3, 6, 9, 8, 7, 4, 5]`,
      `candidate([[1, 2], [3, 4], [5, 6]]) == [1, 2, 4, 6, 5, 3]`,
      `candidate([]) == []`,
      `candidate([[1, 2, 3, 4]]) == [1, 2, 3, 4]`,
      `candidate([[1], [2], [3]]) == [1, 2, 3]`,
      `candidate([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]) == [1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7]`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'count_islands',
    prompt: String.raw`from typing import List


def count_islands(grid: List[str]) -> int:
    """ The grid is a list of equal-length strings where '#' is land and '.' is
    water. Count the islands: groups of land cells connected horizontally or
    vertically (not diagonally).
    >>> count_islands(['##..', '#...', '..##', '...#'])
    2
    >>> count_islands(['#.#', '.#.', '#.#'])
    5
    """
`,
    canonicalSolution: String.raw`    seen = set()
    islands = 0
    for r in range(len(grid)):
        for c in range(len(grid[r])):
            if grid[r][c] != '#' or (r, c) in seen:
                continue
            islands += 1
            stack = [(r, c)]
            seen.add((r, c))
            while stack:
                y, x = stack.pop()
                for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                    if 0 <= ny < len(grid) and 0 <= nx < len(grid[ny]) and grid[ny][nx] == '#' and (ny, nx) not in seen:
                        seen.add((ny, nx))
                        stack.append((ny, nx))
    return islands
`,
    tests: [
      `candidate(['##..', '#...', '..##', '...#']) == 2`,
      `candidate(['#.#', '.#.', '#.#']) == 5`,
      `candidate([]) == 0`,
      `candidate(['....', '....']) == 0`,
      `candidate(['####', '#..#', '####']) == 1`,
      `candidate(['#.#.#']) == 3`,
      `candidate(['#', '#', '.', '#']) == 2`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'next_palindrome',
    prompt: String.raw`def next_palindrome(n: int) -> int:
    """ Return the smallest palindromic number strictly greater than the
    non-negative integer n.
    >>> next_palindrome(123)
    131
    >>> next_palindrome(9)
    11
    """
`,
    canonicalSolution: String.raw`    candidate = n + 1
    while str(candidate) != str(candidate)[::-1]:
        candidate += 1
    return candidate
`,
    tests: [
      `candidate(123) == 131`,
      `candidate(9) == 11`,
      `candidate(0) == 1`,
      `candidate(99) == 101`,
      `candidate(808) == 818`,
      `candidate(1991) == 2002`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'compress_ranges',
    prompt: String.raw`from typing import List


def compress_ranges(nums: List[int]) -> str:
    """ Given a sorted list of distinct integers, describe it as comma-separated
    ranges: runs of two or more consecutive numbers become 'start-end', single
    numbers stay as they are.
    >>> compress_ranges([1, 2, 3, 5, 7, 8])
    '1-3,5,7-8'
    >>> compress_ranges([])
    ''
    """
`,
    canonicalSolution: String.raw`    parts = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f'{nums[i]}-{nums[j]}')
        i = j + 1
    return ','.join(parts)
`,
    tests: [
      `candidate([1, 2, 3, 5, 7, 8]) == '1-3,5,7-8'`,
      `candidate([]) == ''`,
      `candidate([4]) == '4'`,
      `candidate([1, 3, 5]) == '1,3,5'`,
      `candidate([10, 11, 12, 13]) == '10-13'`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'title_case',
    prompt: String.raw`from typing import List


def title_case(text: str, minor_words: List[str]) -> str:
    """ Capitalize the first letter of every word and lower-case the rest, except
    that words listed in minor_words (compared case-insensitively) stay fully lower
    case unless they are the first word. Words are separated by single spaces.
    >>> title_case('the lord of the rings', ['of', 'the'])
    'The Lord of the Rings'
    >>> title_case('HELLO WORLD', [])
    'Hello World'
    """
`,
    canonicalSolution: String.raw`    minor = {w.lower() for w in minor_words}
    words = text.split(' ')
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if i > 0 and lower in minor:
            out.append(lower)
        else:
            out.append(lower[:1].upper() + lower[1:])
    return ' '.join(out)
`,
    tests: [
      `candidate('the lord of the rings', ['of', 'the']) == 'The Lord of the Rings'`,
      `candidate('HELLO WORLD', []) == 'Hello World'`,
      `candidate('', ['a']) == ''`,
      `candidate('a tale OF two cities', ['A', 'of']) == 'A Tale of Two Cities'`,
      `candidate('x', ['x']) == 'X'`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'eval_rpn',
    prompt: String.raw`from typing import List


def eval_rpn(tokens: List[str]) -> int:
    """ Evaluate an integer expression in reverse Polish notation. The operators
    are +, -, * and /, where / divides and truncates toward zero.
    >>> eval_rpn(['2', '1', '+', '3', '*'])
    9
    >>> eval_rpn(['7', '-2', '/'])
    -3
    """
`,
    canonicalSolution: String.raw`    stack = []
    for token in tokens:
        if token in ('+', '-', '*', '/'):
            b = stack.pop()
            a = stack.pop()
            if token == '+':
                stack.append(a + b)
            elif token == '-':
                stack.append(a - b)
            elif token == '*':
                stack.append(a * b)
            else:
                stack.append(int(a / b))
        else:
            stack.append(int(token))
    return stack[0]
`,
    tests: [
      `candidate(['2', '1', '+', '3', '*']) == 9`,
      `candidate(['7', '-2', '/']) == -3`,
      `candidate(['42']) == 42`,
      `candidate(['4', '13', '5', '/', '+']) == 6`,
      `candidate(['5', '1', '2', '+', '4', '*', '+', '3', '-']) == 14`,
      `candidate(['3', '10', '-']) == -7`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'pascal_row',
    prompt: String.raw`from typing import List


def pascal_row(n: int) -> List[int]:
    """ Return row n of Pascal's triangle, where row 0 is [1].
    >>> pascal_row(4)
    [1, 4, 6, 4, 1]
    >>> pascal_row(0)
    [1]
    """
`,
    canonicalSolution: String.raw`    row = [1]
    for _ in range(n):
        row = [a + b for a, b in zip([0] + row, row + [0])]
    return row
`,
    tests: [
      `candidate(4) == [1, 4, 6, 4, 1]`,
      `candidate(0) == [1]`,
      `candidate(1) == [1, 1]`,
      `candidate(6) == [1, 6, 15, 20, 15, 6, 1]`,
      `sum(candidate(10)) == 1024`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'sum_primes_below',
    prompt: String.raw`def sum_primes_below(n: int) -> int:
    """ Return the sum of all prime numbers strictly less than n.
    >>> sum_primes_below(10)
    17
    >>> sum_primes_below(2)
    0
    """
`,
    canonicalSolution: String.raw`    if n < 3:
        return 0
    sieve = [True] * n
    sieve[0] = sieve[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if sieve[i]:
            for j in range(i * i, n, i):
                sieve[j] = False
    return sum(i for i, is_prime in enumerate(sieve) if is_prime)
`,
    tests: [
      `candidate(10) == 17`,
      `candidate(2) == 0`,
      `candidate(3) == 2`,
      `candidate(30) == 129`,
      `candidate(100) == 1060`,
      `candidate(0) == 0`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'group_anagrams',
    prompt: String.raw`from typing import List


def group_anagrams(words: List[str]) -> List[List[str]]:
    """ Group words that are anagrams of each other. Groups are ordered by the first
    appearance of any of their words, and words keep their input order in a group.
    >>> group_anagrams(['listen', 'google', 'silent', 'enlist', 'gogole'])
    [['listen', 'silent', 'enlist'], ['google', 'gogole']]
    >>> group_anagrams([])
    []
    """
`,
    canonicalSolution: String.raw`    groups = {}
    for word in words:
        groups.setdefault(''.join(sorted(word)), []).append(word)
    return list(groups.values())
`,
    tests: [
      `candidate(['listen', 'google', 'silent', 'enlist', 'gogole']) == [['listen', 'silent', 'enlist'], ['google', 'gogole']]`,
      `candidate([]) == []`,
      `candidate(['a']) == [['a']]`,
      `candidate(['ab', 'ba', 'ab', 'c']) == [['ab', 'ba', 'ab'], ['c']]`,
      `candidate(['tar', 'rat', 'art', 'star']) == [['tar', 'rat', 'art'], ['star']]`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'camel_to_snake',
    prompt: String.raw`def camel_to_snake(name: str) -> str:
    """ Convert a camelCase or PascalCase identifier to snake_case. A run of
    capitals is treated as one word (an acronym), whose last capital starts a new
    word if it is followed by a lower-case letter.
    >>> camel_to_snake('parseHttpRequest')
    'parse_http_request'
    >>> camel_to_snake('getHTTPResponse')
    'get_http_response'
    """
`,
    canonicalSolution: String.raw`    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0:
            prev = name[i - 1]
            nxt = name[i + 1] if i + 1 < len(name) else ''
            if prev.islower() or prev.isdigit() or (prev.isupper() and nxt.islower()):
                out.append('_')
        out.append(ch.lower())
    return ''.join(out)
`,
    tests: [
      `candidate('parseHttpRequest') == 'parse_http_request'`,
      `candidate('getHTTPResponse') == 'get_http_response'`,
      `candidate('simple') == 'simple'`,
      `candidate('PascalCase') == 'pascal_case'`,
      `candidate('userID') == 'user_id'`,
      `candidate('version2Update') == 'version2_update'`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'min_coins',
    prompt: String.raw`from typing import List


def min_coins(amount: int, coins: List[int]) -> int:
    """ Return the smallest number of coins, with unlimited coins of each given
    denomination, that add up exactly to amount, or -1 if it cannot be done.
    >>> min_coins(11, [1, 2, 5])
    3
    >>> min_coins(3, [2])
    -1
    """
`,
    canonicalSolution: String.raw`    best = [0] + [-1] * amount
    for value in range(1, amount + 1):
        options = [best[value - c] for c in coins if c <= value and best[value - c] >= 0]
        if options:
            best[value] = min(options) + 1
    return best[amount]
`,
    tests: [
      `candidate(11, [1, 2, 5]) == 3`,
      `candidate(3, [2]) == -1`,
      `candidate(0, [7]) == 0`,
      `candidate(6, [1, 3, 4]) == 2`,
      `candidate(100, [1, 5, 10, 25]) == 4`,
      `candidate(7, [2, 4]) == -1`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'valid_ipv4',
    prompt: String.raw`def valid_ipv4(address: str) -> bool:
    """ Return True if the string is a dotted IPv4 address: exactly four parts, each
    a decimal number from 0 to 255 written with digits only and without leading
    zeros (the part '0' itself is fine).
    >>> valid_ipv4('192.168.0.1')
    True
    >>> valid_ipv4('256.1.1.1')
    False
    >>> valid_ipv4('01.2.3.4')
    False
    """
`,
    canonicalSolution: String.raw`    parts = address.split('.')
    if len(parts) != 4:
        return False
    for part in parts:
        if not part or not part.isdigit() or not part.isascii():
            return False
        if len(part) > 1 and part[0] == '0':
            return False
        if int(part) > 255:
            return False
    return True
`,
    tests: [
      `candidate('192.168.0.1') == True`,
      `candidate('256.1.1.1') == False`,
      `candidate('01.2.3.4') == False`,
      `candidate('0.0.0.0') == True`,
      `candidate('1.2.3') == False`,
      `candidate('1.2.3.4.5') == False`,
      `candidate('1.2..4') == False`,
      `candidate('a.b.c.d') == False`,
    ],
    publicTests: [0, 1, 2],
  },
  {
    entryPoint: 'moving_average',
    prompt: String.raw`from typing import List


def moving_average(nums: List[float], window: int) -> List[float]:
    """ Return the average of every run of window consecutive numbers, in order,
    each rounded to 2 decimal places. If there are fewer numbers than the window,
    return an empty list.
    >>> moving_average([1, 2, 3, 4, 5], 3)
    [2.0, 3.0, 4.0]
    >>> moving_average([1, 2], 3)
    []
    """
`,
    canonicalSolution: String.raw`    return [round(sum(nums[i:i + window]) / window, 2) for i in range(len(nums) - window + 1)]
`,
    tests: [
      `candidate([1, 2, 3, 4, 5], 3) == [2.0, 3.0, 4.0]`,
      `candidate([1, 2], 3) == []`,
      `candidate([5], 1) == [5.0]`,
      `candidate([1, 2, 4], 2) == [1.5, 3.0]`,
      `candidate([1, 1, 2], 3) == [1.33]`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'most_common_char',
    prompt: String.raw`def most_common_char(text: str) -> str:
    """ Return the character that occurs most often in the text, not counting
    spaces. If several characters tie, return the one that appears first.
    Return an empty string if there is nothing to count.
    >>> most_common_char('hello world')
    'l'
    >>> most_common_char('abab')
    'a'
    """
`,
    canonicalSolution: String.raw`    counts = {}
    for ch in text:
        if ch != ' ':
            counts[ch] = counts.get(ch, 0) + 1
    best = ''
    for ch, count in counts.items():
        if not best or count > counts[best]:
            best = ch
    return best
`,
    tests: [
      `candidate('hello world') == 'l'`,
      `candidate('abab') == 'a'`,
      `candidate('') == ''`,
      `candidate('   ') == ''`,
      `candidate('bbaa a') == 'a'`,
      `candidate('xyzzy') == 'y'`,
    ],
    publicTests: [0, 1],
  },
  {
    entryPoint: 'balance_index',
    prompt: String.raw`from typing import List


def balance_index(nums: List[int]) -> int:
    """ Return the smallest index i such that the sum of the elements before i
    equals the sum of the elements after i, or -1 if there is no such index.
    >>> balance_index([1, 7, 3, 6, 5, 6])
    3
    >>> balance_index([1, 2, 3])
    -1
    """
`,
    canonicalSolution: String.raw`    total = sum(nums)
    left = 0
    for i, value in enumerate(nums):
        if left == total - left - value:
            return i
        left += value
    return -1
`,
    tests: [
      `candidate([1, 7, 3, 6, 5, 6]) == 3`,
      `candidate([1, 2, 3]) == -1`,
      `candidate([5]) == 0`,
      `candidate([2, 1, -1]) == 0`,
      `candidate([]) == -1`,
      `candidate([0, 0, 0]) == 0`,
    ],
    publicTests: [0, 1],
  },
];
