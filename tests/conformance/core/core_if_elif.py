def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n % 2 == 0:
        if n > 100:
            return "big even"
        else:
            return "even"
    else:
        return "odd"

for n in [-5, 0, 4, 7, 102, 101]:
    print(n, classify(n))

x = 5
if x:
    pass
if x > 10: print("big")
else: print("small")
grade = lambda s: "A" if s >= 90 else "B" if s >= 80 else "C" if s >= 70 else "F"
print([grade(s) for s in (95, 85, 75, 10, 90, 80)])
