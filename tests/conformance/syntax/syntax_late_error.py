def ok():
    return 1

print(ok())
for x in range(3):
    print(x)
while True print(x)
