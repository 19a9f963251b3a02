import statistics as st

data = [7, 1, 3, 5, 9, 2]
print(st.median(data), st.median_low(data), st.median_high(data), st.median([1, 3, 5]))
print(st.median([1.5, 2.5]), st.median(['a', 'c', 'b']), st.median_low([1, 2]), st.median_high([1, 2]))
print(st.median_grouped([52, 52, 53, 54]), st.median_grouped([1, 3, 3, 5, 7], interval=2))
print(st.median_grouped([1, 2, 2, 3, 4, 4, 4, 4, 4, 5]))
for fn in (st.median, st.median_low, st.median_high, st.median_grouped):
    try:
        fn([])
    except st.StatisticsError as e:
        print(e)
print(st.mode([1, 1, 2, 3, 3, 3, 4]), st.mode(['red', 'blue', 'blue', 'red', 'green', 'red']))
print(st.mode([1, 2, 2, 1]), st.multimode('aabbbbccddddeeffffgg'), st.multimode([]), st.multimode([3]))
try:
    st.mode([])
except st.StatisticsError as e:
    print(e)
print(st.quantiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
print(st.quantiles([105, 129, 87, 86, 111, 111, 89, 81, 108, 92, 110, 100, 75, 105, 103, 109, 76, 119, 99, 91, 103, 129, 106, 101, 84, 111, 74, 87, 86, 103, 103, 106, 86, 111, 75, 87, 102, 121, 111, 88, 89, 101, 106, 95, 103, 107, 101, 81, 109, 104], n=10))
print(st.quantiles([1, 2, 3, 4, 5], n=4, method='inclusive'), st.quantiles([2.5, 1.5], n=3))
for kw in ({'n': 0}, {'method': 'x'}):
    try:
        st.quantiles([1, 2, 3], **kw)
    except (st.StatisticsError, ValueError) as e:
        print(e)
try:
    st.quantiles([1])
except st.StatisticsError as e:
    print(e)
