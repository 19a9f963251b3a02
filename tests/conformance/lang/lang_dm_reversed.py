class Deck:
    def __init__(self, cards):
        self.cards = cards
    def __len__(self):
        return len(self.cards)
    def __getitem__(self, i):
        return self.cards[i]

print(list(reversed(Deck("abc"))))

class Custom:
    def __reversed__(self):
        return iter(["z", "y"])
    def __iter__(self):
        return iter(["y", "z"])
print(list(reversed(Custom())), list(Custom()))

class NoSeq:
    def __iter__(self):
        return iter([1])
try:
    reversed(NoSeq())
except TypeError as e:
    print(type(e).__name__, e)
print(list(reversed(range(4))), list(reversed([1, 2])), list(reversed((3, 4))))
print(''.join(reversed("hello")))
d = {'a': 1, 'b': 2}
print(list(reversed(d)), list(reversed(d.items())))
