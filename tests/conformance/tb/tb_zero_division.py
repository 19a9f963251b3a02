def average(values):
    return sum(values) / len(values)

def report(groups):
    for name, vals in groups.items():
        print(name, average(vals))

def main():
    report({"a": [1, 2, 3], "b": [10], "empty": []})

main()
