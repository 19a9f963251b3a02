class Money:
    def __init__(self, cents):
        self.cents = cents
    def __format__(self, spec):
        if spec == "":
            return f"${self.cents / 100:.2f}"
        if spec == "c":
            return f"{self.cents}c"
        return format(self.cents / 100, spec)

m = Money(12345)
print(f"{m}")
print(f"{m:c}")
print(f"{m:>10.1f}|")
print(format(m, ",.3f"))
print("{0} and {0:c}".format(m))

class Plain:
    pass
try:
    format(Plain(), "x")
except TypeError as e:
    print(type(e).__name__, e)
print(format(Plain(), "") == str(Plain()) or True)
