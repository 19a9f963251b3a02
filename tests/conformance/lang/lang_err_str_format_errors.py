cases = [
    lambda: "{} {}".format(1),
    lambda: "{a}".format(b=1),
    lambda: "{0:x}".format("s"),
    lambda: "%s %s" % (1,),
    lambda: "%s" % (1, 2),
    lambda: "{:q}".format(1),
    lambda: f"{1:.2d}",
    lambda: "%(k)s" % {},
    lambda: "{".format(),
]
for c in cases:
    try:
        c()
    except (IndexError, KeyError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
