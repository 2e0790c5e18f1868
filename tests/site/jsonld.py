#!/usr/bin/env python3
"""JSON-LD and sharing tags of a built site (tests/suites/jsonld).

    python3 tests/site/jsonld.py SITE BASE_URL

Reads every HTML page of SITE. Each page but the 404 pages must carry
og:title and twitter:card and at least one JSON-LD block; every block must
parse as JSON with the schema.org context; a page with a breadcrumb trail
must have a BreadcrumbList that lists the same crumbs (positions 1..n,
names, absolute URLs on all but the last); port pages a WebPage about a
DefinedTerm whose termCode is the port; the FAQ a FAQPage whose questions
are the essay's <h2> headings; home a WebSite. Prints "FAIL ..." lines and
last "COUNTS <passed> <failed>".
"""
import html
import json
import os
import re
import sys

site, base = sys.argv[1], sys.argv[2]
origin = re.match(r"https?://[^/]+", base).group(0)
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}{': ' + detail if detail else ''}")


SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
CRUMBS = re.compile(r'<nav class="crumbs"[^>]*><ol>(.*?)</ol></nav>', re.S)


def text(s):
    """Plain text of HTML, runs of ASCII white space made one space."""
    t = html.unescape(re.sub(r"<[^>]*>", "", s))
    return re.sub(r"[ \t\r\n]+", " ", t).strip(" ")


def find_type(node, t):
    """The first object of @type t in node, depth first."""
    if isinstance(node, dict):
        if node.get("@type") == t:
            return node
        for v in node.values():
            r = find_type(v, t)
            if r is not None:
                return r
    elif isinstance(node, list):
        for v in node:
            r = find_type(v, t)
            if r is not None:
                return r
    return None


pages = 0
for dirpath, _, files in os.walk(site):
    for f in files:
        if not f.endswith(".html"):
            continue
        path = os.path.join(dirpath, f)
        rel = os.path.relpath(path, site)
        doc = open(path, encoding="utf-8").read()
        head = doc.split("</head>", 1)[0]
        pages += 1
        check(f"{rel}: og:title", '<meta property="og:title" content="' in head)
        check(f"{rel}: twitter:card", '<meta name="twitter:card" content="summary">' in head)
        blocks = SCRIPT.findall(head)
        if f == "404.html":
            continue
        check(f"{rel}: has JSON-LD", len(blocks) > 0)
        data = []
        for b in blocks:
            check(f"{rel}: no raw '<' in JSON-LD", "<" not in b)
            try:
                d = json.loads(b)
            except ValueError as e:
                check(f"{rel}: JSON-LD parses", False, str(e))
                continue
            check(f"{rel}: @context", d.get("@context") == "https://schema.org", str(d.get("@context")))
            data.append(d)
        crumbs = CRUMBS.search(doc)
        if crumbs:
            items = re.findall(r"<li[^>]*>(.*?)</li>", crumbs.group(1), re.S)
            bl = find_type(data, "BreadcrumbList")
            check(f"{rel}: BreadcrumbList", bl is not None)
            if bl:
                # The visible trail holds the ancestors; the JSON-LD gives a
                # long one (three or more) from its second crumb down, and a
                # short one whole with the current page (the <h1>) last.
                el = bl.get("itemListElement", [])
                want = [(text(it), re.search(r'href="([^"]*)"', it)) for it in items]
                if len(want) >= 3:
                    want = want[1:]
                elif len(want) < 2:
                    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", doc, re.S)
                    want.append((text(h1.group(1)) if h1 else None, None))
                check(f"{rel}: one ListItem per crumb", len(el) == len(want), f"{len(el)} vs {len(want)}")
                for i, (li, (name, href)) in enumerate(zip(el, want)):
                    # The current page goes by its crumb name, which may be
                    # shorter than its <h1> ("Dynamic ports" for "Dynamic
                    # ports (49152–65535)"): it only has to be there.
                    same = li.get("name") == name or (not href and bool(li.get("name")))
                    ok = li.get("@type") == "ListItem" and li.get("position") == i + 1 and same
                    if href:
                        ok = ok and li.get("item") == origin + html.unescape(href.group(1))
                    else:
                        ok = ok and i == len(want) - 1 and "item" not in li
                    check(f"{rel}: crumb {i + 1}", ok, json.dumps(li, ensure_ascii=False))
        m = re.search(r"(?:^|/)ports/(\d+)/index\.html$", rel)
        if m:
            wp = find_type(data, "WebPage")
            about = wp.get("about", {}) if wp else {}
            check(f"{rel}: WebPage about DefinedTerm {m.group(1)}",
                  about.get("@type") == "DefinedTerm" and about.get("termCode") == m.group(1), json.dumps(about))
        if re.search(r"(?:^|/)faq/index\.html$", rel):
            fq = find_type(data, "FAQPage")
            check(f"{rel}: FAQPage", fq is not None)
            essay = re.search(r'<div class="essay"[^>]*>(.*?)</div>', doc, re.S)
            heads = [text(h) for h in re.findall(r"<h2>(.*?)</h2>", essay.group(1) if essay else "", re.S)]
            qs = fq.get("mainEntity", []) if fq else []
            check(f"{rel}: a Question per heading", [q.get("name") for q in qs] == heads and len(heads) > 0,
                  f"{[q.get('name') for q in qs]} vs {heads}")
            for q in qs:
                a = q.get("acceptedAnswer", {})
                check(f"{rel}: answer to {q.get('name')}", q.get("@type") == "Question" and
                      a.get("@type") == "Answer" and len(a.get("text", "")) > 20)
        top = rel.split("/")[0]
        if rel == "index.html" or (rel == top + "/index.html" and
                                   os.path.isdir(os.path.join(site, top, "ports"))):
            ws = find_type(data, "WebSite")
            check(f"{rel}: WebSite", ws is not None and ws.get("name") and ws.get("url", "").startswith(origin))
check("pages found", pages > 0)
print(f"COUNTS {passed} {failed}")
