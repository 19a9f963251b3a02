from functools import total_ordering

@total_ordering
class Card:
    ranks = "23456789TJQKA"
    def __init__(self, s):
        self.rank, self.suit = s[0], s[1]
    def __eq__(self, o):
        return self.ranks.index(self.rank) == self.ranks.index(o.rank)
    def __lt__(self, o):
        return self.ranks.index(self.rank) < self.ranks.index(o.rank)
    def __repr__(self):
        return self.rank + self.suit

hand = [Card(s) for s in "Kh 2c Ad Ts 9h".split()]
print(sorted(hand), max(hand), min(hand))
print(Card("Ah") >= Card("Kd"), Card("2h") <= Card("2d"), Card("3h") > Card("4h"))
