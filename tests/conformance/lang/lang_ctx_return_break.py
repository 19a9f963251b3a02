class Guard:
    def __init__(self, n):
        self.n = n
    def __enter__(self):
        print("enter", self.n)
    def __exit__(self, *a):
        print("exit", self.n)

def search(items, target):
    for i, x in enumerate(items):
        with Guard(i):
            if x == target:
                return i
    return -1

print(search("abc", "b"))
print(search("ab", "z"))

def gen():
    with Guard("gen"):
        yield 1
        yield 2
for v in gen():
    print("got", v)

i = 0
while True:
    with Guard(f"w{i}"):
        i += 1
        if i == 2:
            break
print("i", i)
