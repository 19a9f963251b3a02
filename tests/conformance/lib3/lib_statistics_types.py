import statistics as st
from fractions import Fraction as F
from decimal import Decimal as D

print(st.mean([D('0.5'), D('0.75'), D('0.625'), D('0.375')]), st.mean([F(1, 2), F(1, 3)]))
print(repr(st.mean([1, 2, 3])), repr(st.mean([1, 2])), repr(st.mean([1.0, 2])), repr(st.mean([F(1), 2])))
print(st.variance([D('1.5'), D('2.5'), D('2.5'), D('2.75')]), st.pvariance([F(1, 4), F(5, 4)]))
print(st.stdev([D('1.5'), D('2.5'), D('2.5'), D('2.75')]), st.pstdev([D(1), D(2), D(4)]))
print(st.median([F(1, 2), F(1, 3), F(1, 4)]), st.median([D('1.1'), D('2.2')]))
print(st.mode([F(1, 2), F(1, 2), F(1, 3)]), st.harmonic_mean([F(1, 2), F(1, 3)]))
try:
    st.mean(['a', 'b'])
except TypeError as e:
    print(e)
print(st.mean([True, True, False]), st.median([True, False, True]))
