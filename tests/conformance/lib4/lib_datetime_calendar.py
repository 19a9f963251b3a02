from datetime import date, timedelta, datetime

# Count weekdays per month of 2024 and list Friday the 13ths over several years.
start = date(2024, 1, 1)
counts = {}
d = start
while d.year == 2024:
    counts.setdefault(d.month, [0] * 7)[d.weekday()] += 1
    d += timedelta(days=1)
for m in sorted(counts):
    print(date(2024, m, 1).strftime("%b"), counts[m])
fridays = [date(y, m, 13) for y in range(2020, 2027) for m in range(1, 13) if date(y, m, 13).weekday() == 4]
print(len(fridays), [str(f) for f in fridays[:5]])
# Age and durations.
born = date(1990, 7, 15)
ref = date(2024, 7, 14)
age = ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))
print("age", age, "days lived", (ref - born).days)
shifts = [datetime(2024, 3, 9, 22, 0) + timedelta(hours=8 * i) for i in range(5)]
print([s.strftime("%a %H:%M") for s in shifts])
total = sum((timedelta(hours=h, minutes=m) for h, m in [(1, 45), (2, 30), (0, 50)]), timedelta())
print(total, total.total_seconds() / 3600)
print(max(shifts) - min(shifts), sorted(shifts, reverse=True)[0])
