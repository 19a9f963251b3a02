LINES = """alpha 3
beta 10
# comment
gamma x
delta 7

epsilon 12""".split("\n")

def non_blank(lines):
    for l in lines:
        if l.strip() and not l.startswith("#"):
            yield l

def parse(lines):
    for l in lines:
        name, _, val = l.partition(" ")
        try:
            yield name, int(val)
        except ValueError:
            print("skip", repr(l))

def over(limit, pairs):
    return ((n, v) for n, v in pairs if v > limit)

result = list(over(5, parse(non_blank(LINES))))
print(result)
print(sum(v for _, v in result))
