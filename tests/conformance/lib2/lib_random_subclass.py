# Random subclasses: overriding random() switches _randbelow to the float-based algorithm
import random
class Lcg(random.Random):
    def __init__(self, seed):
        self.state = seed
        super().__init__(seed)
    def random(self):
        self.state = (self.state * 1103515245 + 12345) % 2**31
        return self.state / 2**31
    def seed(self, a=None):
        self.state = a or 1
r = Lcg(42)
print([r.randint(1, 6) for _ in range(10)], r.choice('abc'), r.sample(range(10), 3))
l = list(range(8)); r.shuffle(l); print(l)
class Bits(random.Random):
    def getrandbits(self, k):
        return (2**k - 1) // 3
print(Bits(1).randrange(100), Bits(1).randint(0, 5))
