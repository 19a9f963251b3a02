from decimal import (Decimal as D, getcontext, setcontext, localcontext, Context,
                     ROUND_HALF_UP, ROUND_DOWN, DefaultContext, BasicContext, ExtendedContext,
                     Inexact, InvalidOperation, DivisionByZero)

ctx = getcontext()
print(ctx.prec, ctx.rounding, ctx.Emin, ctx.Emax)
print(ctx)
ctx.prec = 6
print(D(1) / D(7), D(2).sqrt(), D('1.23456789') + 0, +D('1.23456789'))
ctx.rounding = ROUND_DOWN
print(D(2) / D(3))
ctx.prec = 28
ctx.rounding = 'ROUND_HALF_EVEN'
with localcontext() as lc:
    lc.prec = 3
    print(D(1) / D(7), getcontext().prec)
print(D(1) / D(7), getcontext().prec)
with localcontext(prec=5, rounding=ROUND_HALF_UP):
    print(D('2.345675') + 0, getcontext().rounding)
c = Context(prec=4)
print(c.prec, c.rounding, c.divide(D(1), D(3)), c.add(D('1.23456'), 0), c.sqrt(D(2)))
print(BasicContext.prec, ExtendedContext.prec, DefaultContext.prec)
getcontext().clear_flags()
D(1) / D(3)
print(getcontext().flags[Inexact], getcontext().flags[InvalidOperation])
ec = ExtendedContext.copy()
print(ec.divide(D(1), D(0)), ec.divide(D(0), D(0)), ec.sqrt(D(-1)))
print(ec.flags[DivisionByZero], ec.flags[InvalidOperation])
try:
    getcontext().prec = 0
except ValueError as e:
    print(e)
try:
    getcontext().rounding = 'bad'
except TypeError as e:
    print('TypeError')
getcontext().traps[Inexact] = True
try:
    D(1) / D(3)
except Inexact as e:
    print(type(e).__name__, e)
getcontext().traps[Inexact] = False
print(D(1) / D(3))
