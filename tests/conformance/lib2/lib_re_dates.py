# extracting and normalising dates, times and numbers with regexes
import re

text = "Meetings: 2023-10-05 at 09:30, 05/11/2023 at 14:05 and Oct 7, 2023 at 7pm; invoice #A-1029 total $1,234.50 (tax 8.5%)."
iso = re.findall(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
us = re.findall(r"\b(\d{2})/(\d{2})/(\d{4})\b", text)
months = {m: i + 1 for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}
words = re.findall(r"\b([A-Z][a-z]{2}) (\d{1,2}), (\d{4})\b", text)
dates = [f"{y}-{m}-{d}" for y, m, d in iso] + [f"{y}-{d}-{m}" for d, m, y in us] + \
        [f"{y}-{months[mo]:02d}-{int(d):02d}" for mo, d, y in words]
print(dates)
print(re.findall(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b", "09:30 14:05 7pm 12 am"))
print(re.search(r"#([A-Z])-(\d+)", text).groups(), re.search(r"\$([\d,]+(?:\.\d\d)?)", text).group(1).replace(",", ""))
print(re.findall(r"(\d+(?:\.\d+)?)%", text), re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3.\2.\1", text)[:30])
print([int(x) for x in re.findall(r"-?\d+", "a-1b22c-333d4")], re.findall(r"[+-]?\d*\.\d+(?:[eE][+-]?\d+)?", "1.5 -.5 +2.25e-3 7"))
