convert = lambda s: int(s) * 2
values = ["1", "2", "three"]
print(list(map(convert, values[:2])))
doubled = [convert(v) for v in values]
