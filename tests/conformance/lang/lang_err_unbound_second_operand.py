def f():
    y = 1
    print("before")
    print(y + z)
    z = 2

f()
