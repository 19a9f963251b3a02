for a in (-13, -1, 0, 1, 13):
    for b in (-5, -1, 1, 5):
        print(a, b, a // b, a % b, divmod(a, b) == (a // b, a % b), (a // b) * b + a % b == a)
for a in (-13.5, 13.5):
    for b in (-5, 5, 0.5):
        print(a, b, a // b, a % b, divmod(a, b))
print(-7 // 2, -7 % 2, int(-7 / 2), round(-7 / 2), -(7 // 2))
for bad in (lambda: 1 // 0, lambda: 1 % 0, lambda: divmod(1, 0), lambda: 1.0 // 0, lambda: 1 / 0, lambda: 1.0 % 0.0):
    try:
        bad()
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
