import sys
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from decimal import Decimal, ROUND_HALF_UP
import statistics

class Grade(Enum):
    A = 90
    B = 80
    C = 70
    F = 0

    @classmethod
    def of(cls, score):
        for g in cls:
            if score >= g.value:
                return g
        return cls.F

@dataclass
class Student:
    name: str
    scores: list = field(default_factory=list)

    @property
    def average(self):
        return Fraction(sum(self.scores), len(self.scores))

students = []
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    students.append(Student(parts[0], [int(x) for x in parts[1:]]))

for s in sorted(students, key=lambda s: (-s.average, s.name)):
    avg = Decimal(s.average.numerator) / Decimal(s.average.denominator)
    avg = avg.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
    print(f'{s.name:<8}{avg:>8} {Grade.of(avg).name} {s.average}')
all_scores = [x for s in students for x in s.scores]
print('mean', statistics.mean(all_scores), 'median', statistics.median(all_scores))
print('stdev', round(statistics.stdev(all_scores), 6), 'mode', statistics.mode(all_scores))
print('quartiles', statistics.quantiles(all_scores, n=4))
