import sys
for i in range(5):
    print("line", i)
sys.stdout.write("partial line without newline")
sys.stderr.write("a note on stderr\n")
raise SystemError("boom") if False else ValueError("boom after output")
