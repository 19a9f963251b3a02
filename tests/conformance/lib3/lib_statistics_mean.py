import statistics as st
from fractions import Fraction as F

print(st.mean([1, 2, 3, 4, 4]), st.mean([1, 2, 3, 4]), st.mean([1.5, 2.5, 3.25]))
print(st.mean([F(3, 7), F(1, 21), F(5, 3), F(1, 3)]), st.mean(range(10)), st.mean(iter([3, 5])))
print(st.mean([0.1] * 10), st.mean([1e50, 1, -1e50]), st.mean([True, False, True]))
print(st.fmean([3.5, 4.0, 5.25]), st.fmean([1, 2, 3]), st.fmean(x for x in [1, 2]))
print(st.fmean([1, 2, 3], weights=[3, 2, 1]))
print(st.geometric_mean([54, 24, 36]), st.harmonic_mean([40, 60]), st.harmonic_mean([2.5, 3, 10]))
print(st.harmonic_mean([40, 60], weights=[5, 30]), st.harmonic_mean([5]), st.harmonic_mean([0, 5]))
for fn in (st.mean, st.fmean, st.harmonic_mean):
    try:
        fn([])
    except st.StatisticsError as e:
        print(type(e).__name__, e)
try:
    st.geometric_mean([1, -1])
except st.StatisticsError as e:
    print(e)
print(issubclass(st.StatisticsError, ValueError))
try:
    st.mean(['a', 'b'])
except TypeError as e:
    print(e)
