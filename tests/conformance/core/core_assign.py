a = b = c = [1, 2]
a.append(3)
print(a, b, c, a is b)
x, y = 1, 2
x, y = y, x
print(x, y)
n = 10
n += 5; n -= 3; n *= 4; n //= 5; n **= 2; n %= 7; n <<= 3; n >>= 1; n |= 1; n &= 0xff; n ^= 0b101
print(n)
f = 7.0
f /= 2
print(f)
s = "ab"
s *= 3
s += "!"
print(s)
lst = [1]
alias = lst
lst += [2, 3]
print(alias, lst is alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2, t is t2)
m = [[0] * 3 for _ in range(2)]
m[1][2] = 9
print(m)
i = 0
arr = [10, 20, 30]
i, arr[i] = 1, 99
print(i, arr)
