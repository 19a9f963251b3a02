class Date:
    fmt = "{y}-{m:02d}-{d:02d}"
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
    @classmethod
    def from_string(cls, s):
        return cls(*map(int, s.split("-")))
    @staticmethod
    def is_leap(y):
        return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    def __str__(self):
        return self.fmt.format(y=self.y, m=self.m, d=self.d)

class USDate(Date):
    fmt = "{m:02d}/{d:02d}/{y}"

print(Date.from_string("2024-2-9"))
print(USDate.from_string("2024-2-9"), type(USDate.from_string("1-1-1")).__name__)
print(Date.is_leap(2000), Date.is_leap(1900), Date(1, 1, 1).is_leap(2024))
sm = Date.__dict__["is_leap"]
cm = Date.__dict__["from_string"]
print(type(sm).__name__, type(cm).__name__)
print(sm.__func__(2023), cm.__func__(Date, "3-4-5").m)
bound = Date.from_string
print(bound.__self__ is Date)
