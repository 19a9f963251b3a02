from dataclasses import dataclass, field, fields

@dataclass
class Animal:
    name: str
    legs: int = 4

@dataclass
class Dog(Animal):
    breed: str = 'mutt'
    def speak(self):
        return f'{self.name} woofs'

@dataclass
class Bird(Animal):
    legs: int = 2
    can_fly: bool = True

d = Dog('rex', breed='lab')
print(d, d.speak())
print(Bird('tweety'), Bird('pingu', can_fly=False))
print([f.name for f in fields(Dog)], [f.name for f in fields(Bird)])
print(isinstance(d, Animal), Dog('a') == Animal('a'), Animal('a') == Animal('a'))

class Plain:
    def hello(self):
        return 'hi'

@dataclass
class Mixed(Plain):
    v: int
print(Mixed(3), Mixed(3).hello())

@dataclass
class Custom:
    a: int
    def __repr__(self):
        return 'Custom!'
    def __eq__(self, other):
        return True
print(Custom(1), Custom(1) == 5)
