cases = [
    lambda: 1 + "a",
    lambda: "a" + 1,
    lambda: [1] + (2,),
    lambda: None - 1,
    lambda: {} * 2,
    lambda: "a" / 2,
    lambda: 3 % [],
    lambda: 2 ** "x",
    lambda: 1 @ 2,
    lambda: {1} & [1],
    lambda: 1 << 1.0,
    lambda: -"s",
    lambda: ~1.5,
    lambda: +[],
]
for c in cases:
    try:
        c()
    except TypeError as e:
        print(type(e).__name__, e)
x = 5
try:
    x += "s"
except TypeError as e:
    print(type(e).__name__, e)
