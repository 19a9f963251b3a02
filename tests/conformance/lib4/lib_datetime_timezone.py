from datetime import datetime, timezone, timedelta, UTC

tz = timezone(timedelta(hours=5, minutes=30))
a = datetime(2024, 1, 1, 12, tzinfo=tz)
print(a, repr(a), a.utcoffset(), a.tzname(), a.dst())
print(a.astimezone(timezone.utc), repr(timezone.utc), str(timezone.utc), repr(tz), str(tz))
print(a - datetime(2024, 1, 1, tzinfo=timezone.utc), a.isoformat())
print(timezone(timedelta(hours=-3)), timezone(timedelta(hours=1), "CET"), repr(timezone(timedelta(hours=1), "CET")))
print(timezone(timedelta(0)) is timezone.utc, UTC is timezone.utc, timezone.min, timezone.max)
b = a.astimezone(timezone(timedelta(hours=-8)))
print(b, a == b, hash(a) == hash(b))
print(datetime.fromisoformat("2024-01-05T10:20:30+02:00"), datetime.fromisoformat("2024-01-05T10:20:30Z"))
print(datetime.fromtimestamp(0, timezone.utc), datetime(2024, 6, 1, tzinfo=UTC).timestamp())
try:
    datetime(2024, 1, 1) < a
except TypeError as e:
    print("TypeError:", e)
try:
    datetime(2024, 1, 1) - a
except TypeError as e:
    print("TypeError:", e)
print(datetime(2024, 1, 1) == a)
try:
    timezone(timedelta(hours=24))
except ValueError as e:
    print("ValueError:", e)
