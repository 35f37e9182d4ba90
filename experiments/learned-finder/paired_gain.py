"""Paired page bootstrap of the learned finder of reported speech: the segmenter with it on
against the rules alone, on the same pages (issue 12h).

    python experiments/learned-finder/paired_gain.py news:test news2:test ... news6:tuning

Run from the repository root with the page texts in labels/<name>/texts. Pages are resampled
within each listing half (2,000 draws, seed 0); the interval is the 2.5-97.5 percentile of the
gain. Scoring a test half this way counts as a test-half scoring: log it.
"""
import sys, random
from stance import learned
from stance.pagecorpus import load_listing, load_units, load_page_texts
from stance.segment import segment_text, quote_rows
from stance.segscore import page_counts, scores_from_counts, _sum_counts

def counts(name, half, on):
    l = load_listing(f"labels/{name}"); t = f"labels/{name}/texts"
    gold = load_units(l, t, (half,)); pages = load_page_texts(l, t, (half,))
    learned.ENABLED = on
    pred = quote_rows((pid, segment_text(x, pid)) for pid, x in pages.items())
    pc = page_counts(pred, gold, sorted(pages))
    return {(name, half, d): v for d, v in pc.items()}

def f1(c, g="overall", t="overlap80"):
    s = scores_from_counts(c)[g][t]; return s["f1"]
def rec(c, g="indirect"):
    return scores_from_counts(c)[g]["overlap80"]["recall"]
def spk(c):
    return scores_from_counts(c)["overall"]["speaker_accuracy"]

sets = [tuple(a.split(":")) for a in sys.argv[1:]]
on, off = {}, {}
for n, h in sets:
    on.update(counts(n, h, True)); off.update(counts(n, h, False))
keys = sorted(on); strata = {}
for k in keys: strata.setdefault(k[:2], []).append(k)
def stat(keys_):
    a, b = _sum_counts(on, keys_), _sum_counts(off, keys_)
    return (f1(a)-f1(b), f1(a,t="exact")-f1(b,t="exact"), rec(a)-rec(b), spk(a)-spk(b), f1(b), f1(a), scores_from_counts(a)["overall"]["overlap80"]["precision"]-scores_from_counts(b)["overall"]["overlap80"]["precision"])
pt = stat(keys)
rng = random.Random(0); boots = []
for _ in range(2000):
    ks = [k for s in strata.values() for k in rng.choices(s, k=len(s))]
    boots.append(stat(ks))
names = ["F1@80 gain", "exact F1 gain", "indirect R80 gain", "speaker acc gain", "F1@80 off", "F1@80 on", "P80 gain"]
print("sets:", " ".join(f"{n}:{h}" for n, h in sets), "pages", len(keys))
for i, nm in enumerate(names):
    v = sorted(b[i] for b in boots)
    print(f"{nm:18s} {100*pt[i]:6.1f}  [{100*v[50]:.1f}, {100*v[1949]:.1f}]")
