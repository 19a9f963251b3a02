import numbers


class Meters(numbers.Real):
    pass


try:
    Meters()
except TypeError as e:
    print(str(e).split(" with ")[0])


class Tiny(numbers.Number):
    def __init__(self, v):
        self.v = v


print(isinstance(Tiny(1), numbers.Number), isinstance(Tiny(1), numbers.Complex))
numbers.Integral.register(Tiny)
print(isinstance(Tiny(1), numbers.Integral), isinstance(Tiny(1), numbers.Real))
print(sorted(numbers.Complex.__abstractmethods__))
print(sorted(numbers.Integral.__abstractmethods__ - numbers.Real.__abstractmethods__))
