from decimal import Decimal as D

a, b = D('1.30'), D('1.20')
print(a + b, a - b, a * b, a / b, a // b, a % b, divmod(a, b), -a, +a, abs(D('-4.50')))
print(D(1) / D(3), D(2) / D(3), D(1) / D(8), D(10) / D(4), D(100) / D(10), D('1.0') / D('0.1'))
print(D(7) // D(2), D(-7) // D(2), D(7) % D(-2), D(-7) % D(2), D('7.5') % 2, divmod(D(-7), D(2)))
print(a + 1, 1 + a, a * 2, 3 - a, 10 / D(4), 7 // D(2), 7 % D(3), 2 ** D(3))
print(D(2) ** 10, D(2) ** -2, D('1.5') ** 2, D('-2') ** 3, D('0.1') ** 3, D(10) ** -3, D(0) ** 2)
print(sum([D('0.1')] * 10), sum(D(i) / 10 for i in range(5)), D('0.1') + D('0.2') == D('0.3'))
print(D('1e10') + D('1e-10'), D('9' * 28) + 1, D('1.000') * D('1.00'), D('5E+2') + 1)
print(D(1) - D(1), D(-1) + D(1), D('-0') + D('-0'), D('0') * D('-5'))
print(D('Infinity') + 1, D('-Infinity') * 2, D(1) / D('Infinity'), D('NaN') + 1)
print(pow(D(3), 4, 5), pow(D(2), 10, 1000))
