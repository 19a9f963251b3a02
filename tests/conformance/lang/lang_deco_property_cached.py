class cached_property:
    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__
    def __set_name__(self, owner, name):
        self.attr = name
    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        val = obj.__dict__[self.attr] = self.func(obj)
        return val

class Data:
    def __init__(self, xs):
        self.xs = xs
    @cached_property
    def stats(self):
        "mean and spread"
        print("computing stats")
        return sum(self.xs) / len(self.xs), max(self.xs) - min(self.xs)

d = Data([1, 2, 3, 10])
print(d.stats)
print(d.stats)
del d.stats
print(d.stats, Data.stats.__doc__)
