from decimal import Decimal as D

for s in ('1.10', '-0', '0.00', '1e3', '1E+3', '-1.5e-10', '123.456e10', '0.000001', '0.0000001',
          '  42  ', '+7', '1_000.5', 'Infinity', '-inf', 'NaN', 'sNaN', '12345678901234567890.123456789'):
    d = D(s)
    print(repr(d), str(d), d.is_nan(), d.is_infinite(), d.is_signed(), d.is_zero())
print(D(0.1), D(1.5), D(-2.0), D(10 ** 30), D(-7), D())
print(D((0, (1, 4, 1, 4), -3)), D((1, (0,), 2)), D(D('3.3')))
print(D('1.20').as_tuple(), D(-5).as_tuple(), D('1.5').as_integer_ratio(), D('0.125').as_integer_ratio())
print(D('123.45').adjusted(), D('0.001').adjusted(), D('1e5').to_eng_string(), D('1.23e-7').to_eng_string())
print(D.from_float(0.25), D.from_float(1.1))
