import math
cases = [
    lambda: 2.0 ** 10000,
    lambda: math.exp(1000),
    lambda: float(10 ** 400),
    lambda: int(float("inf")),
    lambda: int(float("nan")),
    lambda: "x" * (10 ** 30),
]
for c in cases:
    try:
        c()
    except (OverflowError, ValueError, MemoryError) as e:
        print(type(e).__name__, e)
try:
    math.sqrt(-1)
except ValueError as e:
    print(type(e).__name__, e)
