from decimal import *

D = Decimal
cases = ['D("abc")', 'D(1) / 0', 'D(0) / 0', 'D(1) // 0', 'D(1) % 0', 'D(-1).sqrt()',
         'D("1e30").quantize(D(1))', 'D("1 2")', 'D("")', 'D("1e")', 'D([1, 2])']
for c in cases:
    try:
        print(repr(eval(c)))
    except Exception as e:
        print(type(e).__name__, e.args)
print(issubclass(DivisionByZero, ZeroDivisionError), issubclass(InvalidOperation, ArithmeticError))
print(issubclass(DivisionUndefined, ZeroDivisionError), issubclass(FloatOperation, TypeError))
try:
    D(1) / D(0)
except ZeroDivisionError as e:
    print('caught as ZeroDivisionError:', type(e).__name__)
try:
    D(1) / D(0)
except DecimalException:
    print('caught as DecimalException')
try:
    int(D('NaN'))
except ValueError as e:
    print(e)
try:
    int(D('Infinity'))
except OverflowError as e:
    print(e)
