"""Where the learned finder's misses of reported speech are (issue 12h): for each gold indirect
unit of the tuning halves that the segmenter misses at 80 % overlap, is there a candidate of the
finder that matches it (rejected by the model or under a rule unit), one that overlaps it 30-80 %
(span cut wrong), or none at all? Counts only.

    python experiments/learned-finder/missplit.py      # from the repository root, texts present
"""
from collections import Counter
from stance import learned
from stance.indirecttrain import load_pages
from stance.segment import segment_text
from stance.segscore import _overlap
def run(listings, fresh):
    pages, _ = load_pages([f"labels/{n}" for n in listings], [f"labels/{n}/texts" for n in listings], fresh)
    c = Counter()
    for p in pages:
        pred = [{"start": q.start, "end": q.end} for q in segment_text(p.text, p.doc_id)]
        for g in p.gold:
            if g["kind"] != "indirect": continue
            c["gold indirect"] += 1
            if any(_overlap(g, q) >= 0.8 - 1e-12 for q in pred):
                c["found"] += 1; continue
            ov = [(_overlap(g, {"start": x.start, "end": x.end}), i) for i, x in enumerate(p.cands)]
            best = max(ov, default=(0, -1))
            if best[0] >= 0.8 - 1e-12:
                x = p.cands[best[1]]
                c["missed: a candidate matches (rejected by the model or under a rule unit)"] += 1
            elif best[0] >= 0.3:
                c["missed: a candidate overlaps 30-80% (span cut wrong)"] += 1
            else:
                c["missed: no candidate at all"] += 1
    return c
for name, ls, fr in [("old tuning halves", ["news","news2","news3"], (False,)*3), ("fresh tuning halves (news4, news5)", ["news4","news5"], (True, True))]:
    c = run(ls, fr); print(name); [print(f"  {k}: {v}") for k, v in c.items()]
