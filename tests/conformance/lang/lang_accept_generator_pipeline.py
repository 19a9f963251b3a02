RAW = """2024-01-03,north,widget,5,2.50
2024-01-03,south,gadget,2,10.00
bad line
2024-01-04,north,gadget,1,10.00
2024-01-04,east,widget,12,2.25
2024-01-05,south,widget,,2.50
2024-01-05,north,widget,3,2.50
2024-01-06,east,gizmo,4,7.75"""

def read_lines(text):
    for n, line in enumerate(text.splitlines(), 1):
        yield n, line

def parse(records):
    bad = 0
    for n, line in records:
        parts = line.split(",")
        if len(parts) != 5:
            bad += 1
            continue
        date, region, product, qty, price = parts
        try:
            yield {"line": n, "date": date, "region": region, "product": product,
                   "qty": int(qty), "price": float(price)}
        except ValueError:
            bad += 1
    return bad

def with_total(rows):
    for r in rows:
        r["total"] = round(r["qty"] * r["price"], 2)
        yield r

def where(pred, rows):
    return (r for r in rows if pred(r))

def counted(gen):
    bad = yield from gen
    print("rejected rows:", bad)

def group_sum(rows, key):
    acc = {}
    for r in rows:
        acc[r[key]] = round(acc.get(r[key], 0) + r["total"], 2)
    return acc

def running(rows):
    total = 0
    for r in rows:
        total += r["total"]
        yield r["line"], round(total, 2)

rows = list(with_total(counted(parse(read_lines(RAW)))))
print(len(rows))
print(sorted(group_sum(rows, "region").items()))
print(sorted(group_sum(where(lambda r: r["product"] == "widget", rows), "date").items()))
print(list(running(rows)))
big = (r["product"] for r in rows if r["total"] >= 10)
print(sorted(set(big)))
print(max(rows, key=lambda r: r["total"])["line"])
