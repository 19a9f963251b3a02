def main():
    print("in main, __name__ =", __name__)
    return 0

print("module level, name is", repr(__name__))
if __name__ == "__main__":
    main()
else:
    print("imported")
print(type(__name__).__name__)
