lines = []
while True:
    try:
        line = input()
    except EOFError:
        print("EOF reached after", len(lines), "lines")
        break
    lines.append(line)
print(lines)
try:
    input()
except EOFError as e:
    print("again EOFError:", repr(e))
