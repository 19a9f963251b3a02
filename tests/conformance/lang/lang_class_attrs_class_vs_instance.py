class Counter:
    count = 0
    items = []
    def __init__(self):
        Counter.count += 1
        self.items.append(Counter.count)

a = Counter()
b = Counter()
print(Counter.count, a.count, b.count)
print(a.items is b.items, Counter.items)
a.count = 100
print(a.count, b.count, Counter.count)
del a.count
print(a.count)
print('count' in vars(a), sorted(vars(Counter).keys() & {'count', 'items'}))
Counter.new_attr = "added"
print(b.new_attr)
print(getattr(a, 'missing', 'default'), hasattr(a, 'items'))
setattr(b, 'x', 5)
print(b.x, b.__dict__)
delattr(b, 'x')
print(b.__dict__)
