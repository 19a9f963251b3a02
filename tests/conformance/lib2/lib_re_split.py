# split with groups, maxsplit and empty matches
import re

print(re.split(r"\s*,\s*", "a , b,c  ,d"), re.split(r"(,)", "a,b,c"), re.split(r",", "a,b,c", maxsplit=1), re.split(",", "a,b,c", 5))
print(re.split(r"x*", "axbc"), re.split(r"\b", "a b"), re.split(r"(\d)|x", "a1bxc"), re.split(r"\W+", "Words, words, words."))
print(re.split(r"(\W+)", "Words, words."), re.split(r"\W+", "Words, words, words.", 1), re.split("[a-f]+", "0a3B9", flags=re.I))
print(re.split(r"(?:a)(b)?", "xaybz"), re.split(r";", ""), re.split(r"", "ab"), re.compile(r"\d").split("a1b2c3"))
