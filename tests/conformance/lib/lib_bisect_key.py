import bisect

recs = [("ann", 3), ("bob", 5), ("cy", 5), ("dee", 9)]
print(bisect.bisect_left(recs, 5, key=lambda r: r[1]))
print(bisect.bisect_right(recs, 5, key=lambda r: r[1]))
print(bisect.bisect(recs, 4, key=lambda r: r[1]))
bisect.insort(recs, ("eve", 5), key=lambda r: r[1])
bisect.insort_left(recs, ("fay", 5), key=lambda r: r[1])
print(recs)
words = ["a", "bb", "dddd"]
bisect.insort(words, "ccc", key=len)
print(words)


class Box:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v < other.v

    def __repr__(self):
        return "Box(%d)" % self.v


boxes = [Box(1), Box(3), Box(7)]
bisect.insort(boxes, Box(4))
print(boxes, bisect.bisect_left(boxes, Box(3)), bisect.bisect_right(boxes, Box(3)))
