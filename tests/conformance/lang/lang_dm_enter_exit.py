class Res:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return False

with Res("a") as x:
    print("body", x)

try:
    with Res("b"):
        raise ValueError("boom")
except ValueError as e:
    print("caught", e)

def f():
    with Res("c"):
        return "returned"
print(f())

for i in range(3):
    with Res(f"loop{i}"):
        if i == 1:
            continue
        if i == 2:
            break
        print("i", i)
