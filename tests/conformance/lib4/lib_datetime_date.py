from datetime import date, timedelta

d = date(2024, 2, 28)
print(d, repr(d), d.year, d.month, d.day)
print(d + timedelta(days=1), d + timedelta(days=2), d - timedelta(days=59))
print(d - date(2023, 1, 1), (date(2025, 1, 1) - d).days)
print(d.weekday(), d.isoweekday(), d.isocalendar(), d.isocalendar().week)
print(d.replace(day=1), d.replace(year=2023, month=12), d.toordinal(), date.fromordinal(1), date.fromordinal(738000))
print(d.isoformat(), str(d), d.ctime())
print(date.fromisoformat("2021-12-31"), date.fromisocalendar(2020, 53, 5))
print(d < date(2025, 1, 1), d == date(2024, 2, 28), d != date(2024, 2, 29), max(d, date(2020, 1, 1)))
print(sorted([date(2024, 1, 3), date(2023, 5, 5), date(2023, 5, 4)]))
print({d: "x"}[date(2024, 2, 28)], len({d, date(2024, 2, 28)}))
print(date.min, date.max, date.resolution)
for y in (2019, 2020, 2021, 2026):
    print(y, date(y, 1, 1).isocalendar(), date(y, 12, 31).isocalendar())
for args in [(2024, 13, 1), (2023, 2, 29), (0, 1, 1), (2024, 4, 31), (10000, 1, 1)]:
    try:
        date(*args)
    except ValueError as e:
        print(args, "ValueError:", e)
try:
    date(2024, 1.5, 1)
except TypeError as e:
    print("TypeError:", e)
