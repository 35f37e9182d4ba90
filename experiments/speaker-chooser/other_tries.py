"""Round 14, other tries of the speaker chooser (CV only; prints aggregate net units, never a unit).

Page-grouped 5-fold CV over the tuning halves of news, news2, news3 (old) and news4, news5 (fresh);
the chooser scores only units that need a choice. Run from the repository root:
``python experiments/speaker-chooser/other_tries.py``.
"""
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from stance import speakerchoice as sc
from stance import speakertrain as st

SOURCES = [("labels/news", False), ("labels/news2", False), ("labels/news3", False),
           ("labels/news4", True), ("labels/news5", True)]
ex = [e for f, fresh in SOURCES for e in st.listing_examples(f, f"/work/main/{f}/texts", fresh)[0]]
F = list(sc.FEATURES)
RULEF = set(sc.RULES_FEATURES)


def rows_plain(exs,feats):
    X,y=[],[]
    for e in exs:
        if not e.learnable() or len(e.cands)<2: continue
        for n,x in e.cands.items():
            X.append([x[f] for f in feats]); y.append(int(e.correct(n)))
    return X,y
def run_plain(name,feats,train_gated,cw=None,C=1.0,margins=(0,0.25,0.5,1,2)):
    groups=[e.page for e in ex]
    hit={m:[False]*len(ex) for m in margins}
    for tr,te in GroupKFold(5).split(ex,groups=groups):
        pool=[ex[i] for i in tr if (ex[i].gated or not train_gated)]
        X,y=rows_plain(pool,feats)
        clf=LogisticRegression(C=C,max_iter=3000,class_weight=cw,random_state=0).fit(X,y)
        w=dict(zip(feats,clf.coef_[0]))
        for m in margins:
            for i in te:
                e=ex[i]
                if not e.gated: hit[m][i]=e.correct(e.rules); continue
                sc_={n:sum(w[f]*x[f] for f in feats) for n,x in e.cands.items()}
                best=max(sorted(sc_),key=lambda n:sc_[n])
                ch=best if best!=e.rules and sc_[best]-sc_.get(e.rules,-1e9)>m else e.rules
                hit[m][i]=e.correct(ch)
    fr=[i for i,e in enumerate(ex) if e.fresh]; od=[i for i,e in enumerate(ex) if not e.fresh]
    offf=sum(ex[i].correct(ex[i].rules) for i in fr); offo=sum(ex[i].correct(ex[i].rules) for i in od)
    print(name, "fresh net:", " ".join(f"{m}:{sum(hit[m][i] for i in fr)-offf:+d}" for m in margins),
          "| old net:", " ".join(f"{m}:{sum(hit[m][i] for i in od)-offo:+d}" for m in margins))


def rows(exs,feats,fw):
    X,y,w=[],[],[]
    for e in exs:
        if not e.learnable() or len(e.cands)<2: continue
        for n,x in e.cands.items():
            X.append([x[f] for f in feats]); y.append(int(e.correct(n))); w.append(fw if e.fresh else 1.0)
    return X,y,w
def run(name,feats,train_gated,fw=1.0,fresh_only=False,margins=(-3,-2,-1,-0.5,0,0.5,1,2)):
    pool_ex=[e for e in ex if e.fresh] if fresh_only else ex
    groups=[e.page for e in pool_ex]
    hit={m:[False]*len(pool_ex) for m in margins}
    for tr,te in GroupKFold(5).split(pool_ex,groups=groups):
        pool=[pool_ex[i] for i in tr if (pool_ex[i].gated or not train_gated)]
        X,y,sw=rows(pool,feats,fw)
        clf=LogisticRegression(max_iter=3000,random_state=0).fit(X,y,sample_weight=sw)
        w=dict(zip(feats,clf.coef_[0]))
        for m in margins:
            for i in te:
                e=pool_ex[i]
                if not e.gated: hit[m][i]=e.correct(e.rules); continue
                s={n:sum(w[f]*x[f] for f in feats) for n,x in e.cands.items()}
                others=[n for n in sorted(s) if n!=e.rules]
                ch=e.rules
                if others:
                    o=max(others,key=lambda n:s[n])
                    if s[o]-s.get(e.rules,-1e9)>m: ch=o
                hit[m][i]=e.correct(ch)
    fr=[i for i,e in enumerate(pool_ex) if e.fresh]; od=[i for i,e in enumerate(pool_ex) if not e.fresh]
    offf=sum(pool_ex[i].correct(pool_ex[i].rules) for i in fr); offo=sum(pool_ex[i].correct(pool_ex[i].rules) for i in od)
    print(name, "fresh net:", " ".join(f"{m}:{sum(hit[m][i] for i in fr)-offf:+d}" for m in margins),
          "| old net:", " ".join(f"{m}:{sum(hit[m][i] for i in od)-offo:+d}" for m in margins))

allf = F
nor = [f for f in F if f not in RULEF]
run_plain("all/gated/bal", allf, True, "balanced")
run_plain("norules/gated", nor, True)
run_plain("norules/gated/bal", nor, True, "balanced")
run_plain("all/gated/C0.1", allf, True, None, 0.1)
run_plain("all/gated/C10", allf, True, None, 10)
# negative margins here: the best rival replaces the rules' choice when within |margin| of it
run("all/alltrain", F, False)
run("all/gated", F, True)
run("all/gated/fw3", F, True, 3.0)
run("all/gated/freshonly", F, True, 1.0, True)
run("all/alltrain/freshonly", F, False, 1.0, True)
