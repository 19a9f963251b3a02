def solve(nums):
    best = cur = nums[0]
    for x in nums[1:]:
        cur = max(x, cur + x)
        best = max(best, cur)
    return best
t = int(input())
for case in range(1, t + 1):
    n = int(input())
    nums = list(map(int, input().split()))
    assert len(nums) == n
    print(f"Case #{case}: {solve(nums)}")
