from datetime import time, timezone, timedelta

t = time(12, 30)
print(t, repr(t), repr(time(1, 2, 3)), repr(time(1, 2, 3, 4)), time(1, 2, 3, 4), repr(time()))
print(t.hour, t.minute, t.second, t.microsecond, t.tzinfo)
print(t.isoformat(), t.isoformat("minutes"), t.isoformat("hours"), time(1, 2, 3, 4567).isoformat("milliseconds"))
print(t < time(13), t == time(12, 30, 0), max(time(1), time(0, 59)), t.replace(minute=0))
print(time.fromisoformat("10:20:30.5"), time.fromisoformat("23:59"), time.min, time.max)
print(time(9, 5).strftime("%H:%M:%S %I%p"), time(21, 5).strftime("%I:%M %p"), format(t, "%H.%M"))
tz = time(8, 0, tzinfo=timezone(timedelta(hours=2)))
print(tz, repr(tz), tz.utcoffset(), tz.tzname())
try:
    time(25)
except ValueError as e:
    print("ValueError:", e)
