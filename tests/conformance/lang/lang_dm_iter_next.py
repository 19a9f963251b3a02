class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1

print(list(Countdown(5)))
c = Countdown(3)
print(next(c), next(c), next(c), next(c, "done"))
try:
    next(c)
except StopIteration as e:
    print("StopIteration", repr(e))

class Tree:
    def __init__(self, v, *kids):
        self.v, self.kids = v, kids
    def __iter__(self):
        yield self.v
        for k in self.kids:
            yield from k

t = Tree(1, Tree(2, Tree(3)), Tree(4))
print(list(t), sum(t), max(t), sorted(t, reverse=True))
a, *b = t
print(a, b)
it = iter(t)
print(iter(it) is it)
