"""Instructions of the segmenter on built articles, finder off or on, for callgrind (the second
widening's cost figures). Run three times and subtract the first:

    PYTHONHASHSEED=0 valgrind --tool=callgrind python experiments/learned-finder/cost_cg.py 20 off
    PYTHONHASHSEED=0 valgrind --tool=callgrind python experiments/learned-finder/cost_cg.py 120 off
    PYTHONHASHSEED=0 valgrind --tool=callgrind python experiments/learned-finder/cost_cg.py 120 on

(from the repository root). The first 20 articles are a warm-up with the finder on; the rest
are segmented with the finder as asked. The finder's cost ratio is (on - base) / (off - base).
"""
import random
import sys

sys.path.insert(0, "benchmarks")
from bench_segment import build  # noqa: E402

from stance import learned  # noqa: E402
from stance.corpus import iter_articles  # noqa: E402
from stance.segment import segment_text  # noqa: E402

n, on = int(sys.argv[1]), sys.argv[2] == "on"
arts = [a.text for a in build(max(n, 20), list(iter_articles(["seeds"])), random.Random(0))]
learned.ENABLED = True
for i, t in enumerate(arts[:20]):
    segment_text(t, str(i))
learned.ENABLED = on
for i, t in enumerate(arts[20:n]):
    segment_text(t, str(i))
