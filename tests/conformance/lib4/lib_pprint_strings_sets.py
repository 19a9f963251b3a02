import pprint

pprint.pprint({3, 1, 2})
pprint.pprint(set(range(40)), width=30)
pprint.pprint(frozenset(range(30)), width=20)
pprint.pprint(frozenset())
pprint.pprint(set())
pprint.pprint("word " * 40, width=30)
pprint.pprint(["long string here " * 5, ("t",), ()], width=40)
pprint.pprint({"text": "lorem ipsum dolor sit amet " * 4}, width=50)
pprint.pprint("line one\nline two\n" * 3, width=25)
pprint.pprint([None, True, 3.25, b"bytes", "s"], width=15)
