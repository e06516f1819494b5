# Run before every recorded Faithful-COT GSM8K program (src/replay/render-recorded.ts). Their
# prompts let the model use sympy's Symbol/Eq/simplify/solve, the math module, lcm and a
# solve_it(equation, variable) helper returning {variable: value} without importing them.
# Written for lamas from that description. Without sympy in the sandbox's python, a small
# exact linear solver stands in (GSM8K equations are linear); a nonlinear one raises.
import math
from math import *
from fractions import Fraction


def lcm(a, b):
    return (a * b) // math.gcd(a, b)


try:
    from sympy import Symbol, Eq, simplify, solve

    def solve_it(equation, variable):
        found = solve(equation, variable, dict=True)
        if found:
            return found[0]
        return {v: None for v in variable} if isinstance(variable, list) else {variable: None}

except ImportError:

    class _Linear:
        """const + sum(coefficient * symbol), exact (Fraction) arithmetic."""

        def __init__(self, terms=None, const=0):
            self.terms = {k: v for k, v in (terms or {}).items() if v != 0}
            self.const = const

        @staticmethod
        def of(value):
            return value if isinstance(value, _Linear) else _Linear({}, _exact(value))

        def __add__(self, other):
            other = _Linear.of(other)
            terms = dict(self.terms)
            for key, value in other.terms.items():
                terms[key] = terms.get(key, 0) + value
            return _Linear(terms, self.const + other.const)

        __radd__ = __add__

        def __neg__(self):
            return _Linear({k: -v for k, v in self.terms.items()}, -self.const)

        def __sub__(self, other):
            return self + (-_Linear.of(other))

        def __rsub__(self, other):
            return _Linear.of(other) + (-self)

        def __mul__(self, other):
            other = _Linear.of(other)
            if self.terms and other.terms:
                raise ValueError("nonlinear equation (sympy is not installed in the sandbox)")
            if other.terms:
                self, other = other, self
            k = other.const
            return _Linear({n: v * k for n, v in self.terms.items()}, self.const * k)

        __rmul__ = __mul__

        def __truediv__(self, other):
            other = _Linear.of(other)
            if other.terms:
                raise ValueError("division by an unknown (sympy is not installed in the sandbox)")
            return self * (Fraction(1) / other.const)

        def __rtruediv__(self, other):
            if self.terms:
                raise ValueError("division by an unknown (sympy is not installed in the sandbox)")
            return _Linear.of(other) / self.const

        def subs(self, symbol, value):
            name = next(iter(symbol.terms))
            coefficient = self.terms.get(name, 0)
            rest = _Linear({k: v for k, v in self.terms.items() if k != name}, self.const)
            return _plain(rest + _Linear.of(value) * coefficient)

        def simplify(self):
            return _plain(self)

        def __repr__(self):
            return " + ".join([f"{v}*{k}" for k, v in self.terms.items()] + [str(self.const)])

    def _exact(value):
        if isinstance(value, float):
            return Fraction(value).limit_denominator(10**9)
        return Fraction(value)

    def _plain(value):
        """A number once no unknown is left: an int when whole, else a float."""
        if isinstance(value, _Linear):
            if value.terms:
                return value
            value = value.const
        value = Fraction(value)
        return int(value) if value.denominator == 1 else float(value)

    def Symbol(name, **_assumptions):
        return _Linear({name: Fraction(1)})

    class Eq:
        def __init__(self, left, right=0):
            self.lhs, self.rhs = left, right
            self.expression = _Linear.of(left) - _Linear.of(right)

        def subs(self, symbol, value):
            return Eq(_Linear.of(self.expression.subs(symbol, value)))

    def _many(value):
        return list(value) if isinstance(value, (list, tuple)) else [value]

    def simplify(value):
        return _plain(value)

    def solve_it(equation, variable):
        equations = [e if isinstance(e, Eq) else Eq(e) for e in _many(equation)]
        symbols = _many(variable)
        names = [next(iter(s.terms)) for s in symbols]
        rows = [[e.expression.terms.get(n, Fraction(0)) for n in names] + [-e.expression.const] for e in equations]
        for column in range(len(names)):
            pivot = next((r for r in range(column, len(rows)) if rows[r][column] != 0), None)
            if pivot is None:
                return {s: None for s in symbols}
            rows[column], rows[pivot] = rows[pivot], rows[column]
            rows[column] = [x / rows[column][column] for x in rows[column]]
            for r in range(len(rows)):
                if r != column and rows[r][column] != 0:
                    factor = rows[r][column]
                    rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column])]
        return {s: _plain(rows[i][-1]) for i, s in enumerate(symbols)}

    def solve(equation, variable, dict=False):
        # sympy's shapes: one unknown -> a list of values; several -> {symbol: value}; dict=True -> [{...}].
        solution = solve_it(equation, variable)
        if dict:
            return [solution]
        return solution if isinstance(variable, (list, tuple)) else list(solution.values())
