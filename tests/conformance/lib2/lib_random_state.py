# getstate/setstate, independent Random instances, module-level functions
import random

random.seed(10)
st = random.getstate()
print(st[0], len(st[1]), st[1][-1], st[2])
first = [random.random() for _ in range(5)]
random.setstate(st)
print(first == [random.random() for _ in range(5)])
a, b = random.Random(3), random.Random(3)
print([a.randint(0, 9) for _ in range(8)] == [b.randint(0, 9) for _ in range(8)])
c = random.Random()
c.setstate(a.getstate())
print(c.random() == a.random())
g = random.Random(4)
g.gauss()
s = g.getstate()
print(s[2] is not None, g.gauss() == (g.setstate(s) or g.gauss()))
print(isinstance(a, random.Random), type(a).__name__)
class MyRandom(random.Random):
    pass
m = MyRandom(3)
print(m.randint(1, 100), random.Random(3).randint(1, 100))
try:
    random.setstate((99, (), None))
except ValueError as e:
    print(e)
try:
    random.Random().setstate((3, (1, 2), None))
except ValueError as e:
    print(e)
