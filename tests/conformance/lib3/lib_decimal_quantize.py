from decimal import *

D = Decimal
modes = [ROUND_HALF_UP, ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_UP,
         ROUND_05UP, ROUND_HALF_EVEN]
for m in modes:
    print(m, [str(D(x).quantize(D('1'), rounding=m))
              for x in ('2.5', '-2.5', '1.51', '-1.49', '0.5', '5.01', '10.5', '-0.4', '4.5', '60.1')])
print(D('3.14159').quantize(D('0.01')), D('2.675').quantize(D('0.01'), rounding=ROUND_HALF_UP))
print(D('7.325').quantize(D('.01'), rounding=ROUND_DOWN), D('7.325').quantize(D('1.')))
print(D('1.5').quantize(D('1.000')), D('123').quantize(D('1e1')), D('0').quantize(D('0.001')))
print(D('1.41421356').quantize(D('1.000')), D('-1.41421356').quantize(D('0.0001')))
print(round(D('2.5')), round(D('3.5')), round(D('-2.5')), round(D('3.14159'), 2), round(D('1234.5'), -2))
import math
print(math.floor(D('-3.5')), math.ceil(D('-3.5')), math.trunc(D('-3.5')), int(D('9.99')))
print(D('2.5').to_integral_value(), D('3.5').to_integral_value(), D('-2.7').to_integral_value(ROUND_DOWN))
print(D('1.2').to_integral_exact(), D('12E-1').to_integral())
print(D('1.2000').normalize(), D('120').normalize(), D('0.00').normalize(), D('-1E+3').normalize())
print(D('1.23').same_quantum(D('4.56')), D('1.2').same_quantum(D('1')))
try:
    D('1e30').quantize(D('1'))
except InvalidOperation as e:
    print(type(e).__name__, e)
