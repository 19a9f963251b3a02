from datetime import datetime, date, time, timedelta

dt = datetime(2024, 1, 5, 12, 30)
print(dt, repr(dt), repr(datetime(2024, 1, 5)), repr(datetime(2024, 1, 5, 1, 2, 3, 4)))
print(dt.isoformat(), dt.isoformat(" "), dt.isoformat(timespec="minutes"), dt.date(), dt.time())
print(dt + timedelta(hours=12), dt - timedelta(days=10), datetime(2024, 3, 1) - dt)
print(dt + timedelta(microseconds=1), dt.replace(hour=0, minute=5), dt.hour, dt.minute, dt.second, dt.microsecond)
print(dt < datetime(2025, 1, 1), dt == datetime(2024, 1, 5, 12, 30), dt > datetime(2024, 1, 5))
print(datetime.combine(date(2020, 2, 29), time(23, 59, 59)), datetime.combine(dt.date(), time()))
print(datetime.fromisoformat("2024-01-05T10:20:30"), datetime.fromisoformat("2024-01-05 10:20:30.250"), datetime.fromisoformat("2024-01-05"))
print(isinstance(dt, date), date(2024, 1, 1) == datetime(2024, 1, 1), dt.weekday(), dt.toordinal())
print(datetime.max, datetime.min, dt.ctime())
print(hash(dt) == hash(datetime(2024, 1, 5, 12, 30)), sorted([datetime(2024, 1, 2), datetime(2023, 1, 1, 5)]))
start = datetime(2024, 2, 27, 22)
for i in range(4):
    print(start + timedelta(hours=13 * i))
print(datetime.utcfromtimestamp(86400 * 365.25), datetime.utcfromtimestamp(0))
try:
    datetime(2024, 1, 1) < date(2024, 1, 1)
except TypeError as e:
    print("TypeError:", e)
for args in [(2024, 1, 1, 24), (2024, 1, 1, 0, 60), (2024, 1, 1, 0, 0, 60), (2024, 1, 1, 0, 0, 0, 10**6)]:
    try:
        datetime(*args)
    except ValueError as e:
        print("ValueError:", e)
try:
    datetime.fromisoformat("2024/01/05")
except ValueError as e:
    print("ValueError:", e)
