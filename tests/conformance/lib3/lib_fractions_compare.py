from fractions import Fraction as F

print(F(1, 2) == F(2, 4), F(1, 2) == 0.5, F(1, 2) == 1, F(2, 1) == 2, F(1, 3) == 1 / 3)
print(F(1, 2) < F(2, 3), F(1, 2) > 0.4, F(1, 2) <= 1, F(3, 2) >= 1.5, 1 < F(3, 2))
print(F(1, 2) != F(1, 3), F(1, 2) < float('inf'), F(1, 2) > float('-inf'), F(1, 2) == float('nan'))
print(sorted([F(1, 2), 0.3, F(1, 3), 1, F(-1, 4)]))
print(max(F(1, 7), F(1, 6)), min([F(5, 3), F(3, 2)]))
print(hash(F(1, 2)) == hash(0.5), hash(F(3)) == hash(3), hash(F(-1)) == hash(-1), hash(F(1, 3)))
print(len({F(1, 2), 0.5, F(2, 4)}), {F(2): 'two'}[2])
print(bool(F(0)), bool(F(1, 9)))
try:
    F(1, 2) < 'a'
except TypeError as e:
    print(e)
print(F(1, 2) == 'a')
print(hash(F(-1, 1)), hash(F(1, 10**20)), hash(F(10**30, 7)))
