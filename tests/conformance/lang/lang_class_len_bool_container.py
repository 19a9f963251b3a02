class Bag:
    def __init__(self, *items):
        self.items = list(items)
    def __len__(self):
        return len(self.items)
    def __iter__(self):
        return iter(self.items)
    def __contains__(self, x):
        return x in self.items
    def __eq__(self, o):
        return sorted(self.items) == sorted(o.items)
    __hash__ = None

empty, full = Bag(), Bag(3, 1, 2)
print(len(empty), len(full), bool(empty), bool(full))
print(2 in full, 5 in full, list(full), sorted(full))
print(full == Bag(1, 2, 3), full != Bag(1))
if not empty:
    print("empty is falsy")
print(Bag.__hash__ is None)
