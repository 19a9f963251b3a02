# uniform, gauss (with its cached second value), normalvariate, expovariate, triangular...
import random

r = random.Random(31337)
print([round(r.uniform(-1, 1), 12) for _ in range(4)])
print(r.gauss(), r.gauss(), r.gauss(10, 2))
r.seed(1)
print(r.gauss(), r.gauss())
print(r.normalvariate(), r.normalvariate(5, 0.5))
print(r.expovariate(1.5), r.expovariate(0.1))
print(r.triangular(), r.triangular(0, 10), r.triangular(0, 10, 9), r.triangular(5, 5))
print(r.betavariate(2, 5), r.betavariate(0.5, 0.5))
print(r.gammavariate(1, 2), r.gammavariate(0.3, 1), r.gammavariate(4, 0.5))
print(r.lognormvariate(0, 0.25), r.paretovariate(2.5), r.weibullvariate(1.5, 3))
print(r.vonmisesvariate(0, 0), r.vonmisesvariate(1, 4))
