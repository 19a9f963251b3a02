import sys
sys.stderr.write("exiting with 42\n")
raise SystemExit(42)
