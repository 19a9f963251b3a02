from datetime import date, datetime

dt = datetime(2024, 5, 17, 9, 5, 7, 123)
for fmt in ["%Y-%m-%d", "%d/%m/%y", "%H:%M:%S.%f", "%I:%M %p", "%A %a %B %b",
            "%j", "%U %W", "%w %u", "%c", "%x", "%X", "%%Y", "%e", "%F %T", "[%Y]"]:
    print(repr(fmt), dt.strftime(fmt))
print(date(2024, 1, 1).strftime("%A %j %U %W"), date(2023, 12, 31).strftime("%a %j %U %W"))
print(f"{dt:%Y/%m/%d}", "{:%H}h".format(dt), format(date(2024, 2, 29), ""), format(dt, ""))
print(datetime.strptime("2024-03-04 05:06:07", "%Y-%m-%d %H:%M:%S"))
print(datetime.strptime("5 Mar 2021", "%d %b %Y"), datetime.strptime("July 4 1999 10:30PM", "%B %d %Y %I:%M%p"))
print(datetime.strptime("24/12/31", "%y/%m/%d").date())
try:
    datetime.strptime("2024-13-01", "%Y-%m-%d")
except ValueError as e:
    print("ValueError:", e)
for m in range(1, 13):
    d = date(2024, m, 1)
    print(d.strftime("%b %B"), d.strftime("%a"))
