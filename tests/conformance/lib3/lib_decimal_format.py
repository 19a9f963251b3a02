from decimal import Decimal as D

x = D('1234.5678')
for spec in ('', '.2f', ',.2f', '10.1f', '<12.3f', '^12.1f', '+.2f', '012.2f', '.0f', 'f', ',', '.4f',
             'e', '.3e', 'E', '.2E', '%', '.1%', '.3', '.6', 'g', '.2g', '.10g'):
    print(repr(spec), repr(format(x, spec)), repr(format(-x, spec)))
for v in ('0', '0.000', '1e-10', '123456789', '0.5', '-0.05', '1E+5'):
    print(v, f'{D(v)}', f'{D(v):.3f}', f'{D(v):e}', f'{D(v):.2}')
print(f'{D("2.5"):.0f}', f'{D("3.5"):.0f}', f'{D("0.125"):.2f}', f'{D("0.135"):.2f}')
print('{:>10}|{:<8}|'.format(D('1.5'), D('-2')))
print('%s %r' % (D('1.10'), D('2.20')))
for bad in ('_.3f', '.2x', '..2f', '.f'):
    try:
        format(D('1.5'), bad)
    except ValueError as e:
        print(repr(bad), e)
