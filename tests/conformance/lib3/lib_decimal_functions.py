from decimal import Decimal as D, getcontext, localcontext

print(D(2).sqrt(), D(16).sqrt(), D('0.25').sqrt(), D('1e-10').sqrt(), D(0).sqrt(), D('100.0').sqrt())
print(D(1).exp(), D('0.5').exp(), D(2).ln(), D(10).ln(), D(100).log10(), D('0.001').log10(), D(2).log10())
print(D(2) ** D('0.5'), D(10) ** D('0.5'), D('1.5') ** D('2.5'), D(8) ** (D(1) / 3))
with localcontext() as c:
    c.prec = 50
    print(D(2).sqrt(), D(1).exp())
print(D('1.5').fma(2, D('0.25')), D(-3).copy_abs(), D(3).copy_negate(), D(3).copy_sign(D(-1)))
print(D('1.23456').next_plus(), D('1.23456').next_minus())
print(float(D('1.25')), float(D('-0.1')), int(D('-3.99')), complex(D('2.5')))
print(D('3.000').is_normal(), D(0).is_normal(), D('NaN').is_qnan(), D('sNaN').is_snan())
