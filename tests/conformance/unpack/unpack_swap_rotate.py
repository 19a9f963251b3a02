arr = [5, 1, 4, 2, 3]
for i in range(len(arr)):
    for j in range(len(arr) - 1 - i):
        if arr[j] > arr[j + 1]:
            arr[j], arr[j + 1] = arr[j + 1], arr[j]
print(arr)
a, b, c = "xyz"
a, b, c = c, a, b
print(a, b, c)
fib = [0, 1]
x, y = 0, 1
for _ in range(20):
    x, y = y, x + y
print(x, y)
m = [[1, 2], [3, 4]]
m[0][1], m[1][0] = m[1][0], m[0][1]
print(m)
i = 0
lst = [0, 0]
i, lst[i] = 1, 5
print(lst)
