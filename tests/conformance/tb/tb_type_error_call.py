def area(width, height):
    return width * height

sizes = [(2, 3), (4, 5), (6,)]
for s in sizes:
    print(area(*s))
