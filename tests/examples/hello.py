# The example program scripts/start.sh runs while the service does not exist yet.


def greet(name):
    return f"Hello, {name}!"


def main():
    print(greet("Sandpiper"))
    squares = [n * n for n in range(1, 11)]
    print("squares:", squares, "sum =", sum(squares))
    print("2**100 =", 2 ** 100)


if __name__ == "__main__":
    main()
