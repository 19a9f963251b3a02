from datetime import datetime, date, timedelta
import datetime as dtmod

now = datetime.now()
today = date.today()
print(type(now).__name__, type(today).__name__)
print(now.year >= 2024, abs(now.date() - today) <= timedelta(days=1))
later = now + timedelta(seconds=1)
print(later > now, (later - now).total_seconds())
print(isinstance(datetime.utcnow(), datetime), dtmod.MINYEAR, dtmod.MAXYEAR)
print(sorted(n for n in dtmod.__all__))
