MOD = 10 ** 9 + 7
def mat_mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(2)) % MOD for j in range(2)] for i in range(2)]
def mat_pow(m, e):
    result = [[1, 0], [0, 1]]
    while e:
        if e & 1:
            result = mat_mul(result, m)
        m = mat_mul(m, m)
        e >>= 1
    return result
t = int(input())
for _ in range(t):
    n = int(input())
    print(mat_pow([[1, 1], [1, 0]], n)[0][1])
