data = list(range(20))
first_half = slice(None, 10)
evens = slice(0, None, 2)
print(data[first_half], data[evens], "abcdefghij"[first_half][evens], (1, 2, 3, 4)[slice(1, 3)])
print(slice(1, 2) == slice(1, 2), slice(1, 2, 3), repr(slice(None)), slice(3).stop)
for sl in [slice(-3, None), slice(None, None, -3), slice(2, -2, 5), slice(100, 200), slice(-100, 3)]:
    print(sl, data[sl], sl.indices(len(data)))
s = "abcdefg"
print(s[1:-1], s[-1:1:-1], s[::-3], s[3::-1], s[:3:-1])
try:
    data[::0]
except ValueError as e:
    print("ValueError:", e)
try:
    data["a"]
except TypeError as e:
    print("TypeError:", e)
