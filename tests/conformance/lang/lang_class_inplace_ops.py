class Acc:
    def __init__(self):
        self.items = []
    def __iadd__(self, x):
        self.items.append(x)
        return self
    def __isub__(self, x):
        self.items.remove(x)
        return self
    def __imul__(self, k):
        self.items = self.items * k
        return self
    def __ior__(self, other):
        self.items.extend(other)
        return self

a = Acc()
ref = a
a += 1
a += 2
a -= 1
a *= 3
a |= [7, 8]
print(a.items, a is ref)

class OnlyAdd:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return OnlyAdd(self.v + o)
x = OnlyAdd(1)
y = x
x += 5
print(x.v, y.v, x is y)

lst = [1]
alias = lst
lst += [2]
print(alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2)
