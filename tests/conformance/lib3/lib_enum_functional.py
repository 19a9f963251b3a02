from enum import Enum, IntEnum

Animal = Enum('Animal', 'ANT BEE CAT DOG')
print(list(Animal), Animal.CAT.value, Animal(2))
Color = Enum('Color', ['RED', 'GREEN'])
print(list(Color))
Pair = Enum('Pair', [('A', 10), ('B', 20)])
print(Pair.B, Pair(10).name)
Size = IntEnum('Size', 'S M L')
print(Size.M + 0, repr(Size.L))
D = Enum('D', {'X': 'x', 'Y': 'y'})
print(D('y'), list(D))
