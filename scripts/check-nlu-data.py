#!/usr/bin/env python3
"""Quick consistency check of data/nlu: every catalogue intent has enough examples per language,
no example is repeated, no example sits under two intents, faq intents have answers in both languages.
Usage: python3 scripts/check-nlu-data.py [domain ...]"""
import glob, os, sys, yaml, collections
root = os.path.join(os.path.dirname(__file__), '..', 'data', 'nlu')
only = set(sys.argv[1:])
intents = {}
for f in sorted(glob.glob(os.path.join(root, 'catalogue', '*.yaml'))):
    d = yaml.safe_load(open(f, encoding='utf-8'))
    for it in d['intents']:
        intents[it['name']] = (d['domain'], it)
problems = 0
for lang in ('en', 'zh'):
    seen = collections.defaultdict(set)
    counts = collections.Counter()
    for f in sorted(glob.glob(os.path.join(root, lang, '*.yaml'))):
        d = yaml.safe_load(open(f, encoding='utf-8')) or {}
        for name, examples in d.items():
            if name != 'oos' and name not in intents:
                print(f'{f}: unknown intent {name}'); problems += 1; continue
            for ex in examples or []:
                if not isinstance(ex, str) or not ex.strip():
                    print(f'{f}: {name}: non-string or empty example {ex!r}'); problems += 1; continue
                key = ' '.join(ex.lower().split())
                if name in seen[key]:
                    print(f'{lang}: duplicate under {name}: {ex}'); problems += 1
                seen[key].add(name)
                counts[name] += 1
    for key, names in seen.items():
        if len(names) > 1:
            print(f'{lang}: "{key}" is under several intents: {sorted(names)}'); problems += 1
    for name, (domain, it) in intents.items():
        if only and domain not in only: continue
        if counts[name] < 40:
            print(f'{lang}: {name} has {counts[name]} examples (want 40+)'); problems += 1
        if lang == 'en' and it.get('kind') == 'faq':
            faq = it.get('faq') or {}
            if not faq.get('en') or not faq.get('zh'):
                print(f'{name}: kind faq needs faq.en and faq.zh'); problems += 1
    if 'oos' in counts or not only:
        print(f'{lang}: oos examples: {counts["oos"]}')
print(f'{len(intents)} intents, {problems} problems')
sys.exit(1 if problems else 0)
