x = "module"
class K:
    x = "class"
    y = x + "!"
    items = [x for _ in range(2)]
    def method(self):
        return x
    z = (lambda: x)()
print(K.y, K.items, K().method(), K.z)

def factory(n):
    class Made:
        size = n
        def get(self):
            return n * 2
    return Made
M3 = factory(3)
print(M3.size, M3().get(), factory(5)().get(), M3.__qualname__)
