from dataclasses import dataclass, field
from enum import Enum, IntEnum, auto
from typing import List

class Suit(Enum):
    CLUBS = auto()
    DIAMONDS = auto()
    HEARTS = auto()
    SPADES = auto()

class Rank(IntEnum):
    TWO = 2
    THREE = 3
    JACK = 11
    QUEEN = 12
    KING = 13
    ACE = 14

@dataclass(order=True, frozen=True)
class Card:
    rank: Rank
    suit: Suit = field(compare=False)
    def __str__(self):
        return f'{self.rank.name.title()} of {self.suit.name.title()}'

@dataclass
class Hand:
    cards: List[Card] = field(default_factory=list)
    def add(self, c: Card) -> None:
        self.cards.append(c)
    def best(self) -> Card:
        return max(self.cards)

h = Hand()
for r, s in [(Rank.JACK, Suit.HEARTS), (Rank.ACE, Suit.CLUBS), (Rank.TWO, Suit.SPADES)]:
    h.add(Card(r, s))
print(h.best(), repr(h.best()))
print([str(c) for c in sorted(h.cards)])
print(Card(Rank.KING, Suit.CLUBS) == Card(Rank.KING, Suit.SPADES))
print(h)
print(sum(c.rank for c in h.cards), [s.value for s in Suit])
