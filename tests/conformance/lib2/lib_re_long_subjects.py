# big counted repeats and long subjects (no recursion per character in the matcher)
import re

print(re.match(r'a{65}', 'a' * 70).span(), re.match(r'a{65,}', 'a' * 70).span(), re.match(r'a{3,100}', 'a' * 70).span(), re.match(r'a{3,100}?', 'a' * 70).span())
print(re.match(r'(ab){70,80}', 'ab' * 90).span(), re.match(r'(ab){70,80}?c', 'ab' * 75 + 'c').span(), re.match(r'a{0,4294967294}', 'aaa').span())
print(re.match(r'(?:a|){100}b', 'aab').span(), re.match(r'(a?){100}', 'aa').groups(), bool(re.fullmatch(r'\d{1,100}', '1' * 100)), re.fullmatch(r'\d{1,99}', '1' * 100))
print(re.match(r'((a)|b){70}', 'ab' * 35).groups(), re.match(r'(?:(\w)\1){66}', 'aa' * 66).span())
s = 'ab' * 50000
print(re.match('(?:a|b)*c', s), len(re.match('.*', s).group()), re.search('c', s), re.match('(?:ab)*', s).end())
print(re.search(r'b(a|b)*$', s).span(), len(re.findall(r'a', s)), re.sub(r'(ab)+', 'X', s), re.fullmatch(r'[ab]*', s) is not None)
t = ('word ' * 20000) + 'end'
print(len(t.split()), len(re.findall(r'\w+', t)), re.search(r'\bend\b', t).span(), len(re.split(r'\s+', t)))
try:
    re.compile('a{4294967295}')
except OverflowError as e:
    print('OverflowError:', e)
