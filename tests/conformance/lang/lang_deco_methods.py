def logged(f):
    def wrapper(self, *a):
        print(f"{type(self).__name__}.{f.__name__}{a}")
        return f(self, *a)
    return wrapper

def count_calls(f):
    def wrapper(*a, **k):
        wrapper.calls += 1
        return f(*a, **k)
    wrapper.calls = 0
    return wrapper

class Account:
    def __init__(self, bal):
        self.bal = bal
    @logged
    def deposit(self, x):
        self.bal += x
        return self.bal
    @staticmethod
    @count_calls
    def fee(x):
        return x // 100
    @classmethod
    @logged
    def make(cls, x):
        return cls(x)
    @property
    @count_calls
    def doubled(self):
        return self.bal * 2

a = Account(100)
print(a.deposit(50))
print(Account.fee(1000), Account.fee(250), Account.__dict__["fee"].__func__.calls)
b = Account.make(7)
print(b.bal, a.doubled, a.doubled)
