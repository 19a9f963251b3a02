import sys
def bfs(grid, start, goal):
    h, w = len(grid), len(grid[0])
    dist = [[-1] * w for _ in range(h)]
    sr, sc = start
    dist[sr][sc] = 0
    queue = [start]
    head = 0
    while head < len(queue):
        r, c = queue[head]
        head += 1
        if (r, c) == goal:
            return dist[r][c]
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < h and 0 <= nc < w and grid[nr][nc] != "#" and dist[nr][nc] < 0:
                dist[nr][nc] = dist[r][c] + 1
                queue.append((nr, nc))
    return -1
def main():
    lines = sys.stdin.read().split("\n")
    h, w = map(int, lines[0].split())
    grid = lines[1:1 + h]
    start = goal = None
    for r, row in enumerate(grid):
        for c, ch in enumerate(row):
            if ch == "S":
                start = (r, c)
            elif ch == "G":
                goal = (r, c)
    print(bfs(grid, start, goal))
if __name__ == "__main__":
    main()
