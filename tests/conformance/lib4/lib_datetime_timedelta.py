from datetime import timedelta

td = timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=5)
print(td, repr(td), td.days, td.seconds, td.microseconds, td.total_seconds())
print(-td, repr(-td), abs(-td), +td)
print(td * 2, 3 * td, td / 2, td // 3, td * 0.5)
print(td / timedelta(hours=1), td // timedelta(hours=1), td % timedelta(hours=1))
print(divmod(td, timedelta(hours=5)))
print(timedelta(0), repr(timedelta()), bool(timedelta()), bool(timedelta(microseconds=1)))
print(timedelta(hours=1.5), timedelta(weeks=1), timedelta(milliseconds=1500), timedelta(minutes=-1))
print(timedelta(seconds=-1), repr(timedelta(seconds=-1)), timedelta(days=-2, seconds=5))
print(timedelta(days=2), timedelta(days=-1), timedelta(seconds=86399), timedelta(seconds=86400))
print(timedelta(hours=25) == timedelta(days=1, hours=1), timedelta(1) > timedelta(hours=23), timedelta(0) < timedelta(seconds=-1))
print(sum([timedelta(minutes=m) for m in range(10)], timedelta()))
print(timedelta.max, timedelta.min, repr(timedelta.resolution))
print(timedelta(minutes=90) // 60, timedelta(seconds=10) / 4, timedelta(microseconds=7) / 2)
print(hash(timedelta(1)) == hash(timedelta(hours=24)))
try:
    timedelta(days=10**9)
except OverflowError as e:
    print("OverflowError:", e)
