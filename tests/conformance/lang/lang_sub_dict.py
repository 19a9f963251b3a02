class Default(dict):
    def __missing__(self, key):
        print("missing", key)
        self[key] = v = len(key)
        return v

d = Default(a=1)
print(d["a"], d["hello"], d)
print(d.get("zz"), "zz" in d)

class AttrDict(dict):
    def __getattr__(self, k):
        try:
            return self[k]
        except KeyError:
            raise AttributeError(k) from None
    def __setattr__(self, k, v):
        self[k] = v

a = AttrDict(x=1)
a.y = 2
print(a.x, a.y, a, sorted(a.items()))
try:
    a.q
except AttributeError as e:
    print(type(e).__name__, e)
print(isinstance(a, dict), type(a).__name__)

class Counter(dict):
    def add(self, k):
        self[k] = self.get(k, 0) + 1
c = Counter()
for w in "a b a c b a".split():
    c.add(w)
print(sorted(c.items(), key=lambda kv: -kv[1]))
