# property.__isabstractmethod__ is true when any accessor is abstract.
import abc


class C(abc.ABC):
    @property
    @abc.abstractmethod
    def p(self):
        pass

    @property
    def q(self):
        return 1


print(C.__dict__['p'].__isabstractmethod__, C.__dict__['q'].__isabstractmethod__)
print(sorted(C.__abstractmethods__))
try:
    C()
except TypeError as e:
    print(e)


class D(C):
    @property
    def p(self):
        return 2


print(D().p, D.__dict__['p'].__isabstractmethod__)


def f():
    pass


f.__isabstractmethod__ = True
print(property(None, f).__isabstractmethod__, property(None, None, f).__isabstractmethod__)
print(property().__isabstractmethod__)
