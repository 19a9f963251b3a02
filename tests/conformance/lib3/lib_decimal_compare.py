from decimal import Decimal as D, InvalidOperation, getcontext

print(D(1) == 1, D('1.0') == D('1.00'), D('0.5') == 0.5, D('0.1') == 0.1, D(2) != D(3))
print(D(1) < 2, D('1.5') > 1, D('-1') <= D('-1.0'), D('3') >= 3.5, 2 < D('2.5'))
print(sorted([D('3'), D('1.5'), 2, D('-0.5'), D('2.0')]), max(D('1.1'), D('1.10')), min([D(5), 4]))
print(hash(D('0.5')) == hash(0.5), hash(D(10)) == hash(10), hash(D('1.0')) == hash(D(1)), hash(D('-2')) == hash(-2))
print(len({D('1'), D('1.0'), D('1.00'), 1}), {D('0.25'): 'q'}[D('0.250')])
print(D('NaN') == D('NaN'), D('NaN') != 1, D(1).compare(D(2)), D(3).compare(D('3.0')))
print(D(5).max(D(3)), D(5).min(D(3)), D('1.0').max(D('1.00')), bool(D(0)), bool(D('0.001')))
try:
    D(1) < D('NaN')
except InvalidOperation as e:
    print(type(e).__name__, e)
try:
    D(1) < 'a'
except TypeError as e:
    print(e)
print(D(1) == 'a')
for bad in ('D(1) + 1.5', "D(1) * 'x'", '2.5 - D(1)'):
    try:
        eval(bad)
    except TypeError as e:
        print(e)
