a = input().strip()
b = input().strip()
n, m = len(a), len(b)
dp = [[0] * (m + 1) for _ in range(n + 1)]
for i in range(1, n + 1):
    ai = a[i - 1]
    row, prev = dp[i], dp[i - 1]
    for j in range(1, m + 1):
        if ai == b[j - 1]:
            row[j] = prev[j - 1] + 1
        else:
            row[j] = row[j - 1] if row[j - 1] > prev[j] else prev[j]
i, j = n, m
out = []
while i and j:
    if a[i - 1] == b[j - 1]:
        out.append(a[i - 1])
        i -= 1
        j -= 1
    elif dp[i - 1][j] >= dp[i][j - 1]:
        i -= 1
    else:
        j -= 1
print(dp[n][m])
print("".join(reversed(out)))
