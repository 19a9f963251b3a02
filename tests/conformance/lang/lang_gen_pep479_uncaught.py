def gen():
    yield "first"
    raise StopIteration

for x in gen():
    print(x)
