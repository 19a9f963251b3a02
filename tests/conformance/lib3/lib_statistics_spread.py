import statistics as st
from fractions import Fraction as F

data = [2.75, 1.75, 1.25, 0.25, 0.5, 1.25, 3.5]
print(st.variance(data), st.pvariance(data), st.stdev(data), st.pstdev(data))
ints = [2, 4, 4, 4, 5, 5, 7, 9]
print(st.variance(ints), st.pvariance(ints), st.stdev(ints), st.pstdev(ints))
print(st.variance([1, 2]), st.pvariance([1]), st.variance([F(1, 4), F(5, 4), F(1, 2)]))
print(st.pvariance([F(1, 4), F(5, 4), F(1, 2)]), st.stdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]))
m = st.mean(data)
print(st.variance(data, m), st.pvariance(ints, 5), st.stdev(ints, 5.0))
print(st.variance(range(1, 101)), st.stdev([0.1] * 5), st.pstdev([1e9 + 1, 1e9 + 2, 1e9 + 3]))
for fn, arg in ((st.variance, [1]), (st.stdev, [1]), (st.pvariance, []), (st.pstdev, [])):
    try:
        fn(arg)
    except st.StatisticsError as e:
        print(e)
x = [1, 2, 3, 4, 5, 6, 7, 8, 9]
y = [1, 2, 3, 1, 2, 3, 1, 2, 3]
print(st.covariance(x, y), st.correlation(x, x), st.correlation(x, y))
print(st.linear_regression(x, [2 * v + 1 for v in x]))
r = st.linear_regression([1, 2, 3], [2, 4, 7], proportional=True)
print(r.slope, r.intercept)
try:
    st.correlation([1, 1], [1, 2])
except st.StatisticsError as e:
    print(e)
try:
    st.covariance([1, 2], [1])
except st.StatisticsError as e:
    print(e)
