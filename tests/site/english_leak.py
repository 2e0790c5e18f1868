#!/usr/bin/env python3
"""English text where a reader chose another language.

usage: english_leak.py SITE LANGS PAGES

For each page (a path relative to a language's root) and each language
other than the first, collects what a reader sees or hears: text nodes,
<title>, the meta description, aria-label, placeholder, alt and title
attributes, the values the feedback form sends, and the messages search.js
shows (data-none, data-heading). Text inside an element whose lang is not
the page's (lang="en" blocks, the language switcher's names), and inside
code, script and style, is skipped. A string leaks when, with numbers,
punctuation and the names below taken out, it still has words and the
English page of the same kind has the same string.

Every element marked lang="en" that holds a block of prose (an essay or
notes) must also follow a visible notice (class="note"): a reader is told
that the text falls back to English.

Prints one line per problem, then "COUNTS passed failed".
"""
import html.parser
import os
import re
import sys

# Names that read the same in every language: protocols, systems,
# registries, programs. Service names are in <code> and skipped already.
NAMES = {
    "iana", "tcp", "udp", "sctp", "dccp", "linux", "macos", "windows",
    "freebsd", "powershell", "rfc", "rpc", "lsass", "wininit", "ssh",
    "github", "vista", "json", "javascript", "url", "http", "https",
    "telnet", "nmap",
}
WORD = re.compile(r"[^\W\d_]+")
SKIP = {"code", "script", "style", "pre"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.stack = []          # (tag, skipped, lang_en)
        self.strings = []
        self.title = False
        self.en_blocks = 0       # lang="en" essay/notes blocks
        self.notes_before = 0    # class="note" seen before each block
        self.unnoticed = 0
        self.notes_seen = 0

    def skipped(self):
        return any(s for _, s, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        other = "lang" in a and a["lang"] != self.lang
        skip = tag in SKIP or other
        if "note" in (a.get("class") or "").split():
            self.notes_seen += 1
        if other and a.get("lang") == "en" and tag == "div":
            self.en_blocks += 1
            if self.notes_seen == 0:
                self.unnoticed += 1
            self.notes_seen = 0
        if not self.skipped() and not skip:
            for k in ("aria-label", "placeholder", "alt", "title",
                      "data-none", "data-heading", "data-path"):
                if a.get(k):
                    self.strings.append(a[k])
            if tag == "meta" and a.get("name") == "description":
                self.strings.append(a.get("content") or "")
            if tag in ("button", "input") and a.get("value") and \
                    a.get("type") != "search":
                self.strings.append(a["value"])
        if tag == "title":
            self.title = True
        if tag not in VOID:
            self.stack.append((tag, skip, other))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag == "title":
            self.title = False

    def handle_data(self, data):
        if data.strip() and not self.skipped():
            self.strings.append(data)


def norm(s):
    words = [w.lower() for w in WORD.findall(s)]
    words = [w for w in words if w not in NAMES]
    return " ".join(words)


def read(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p


def main():
    site, langs, pages = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
    allow = set()
    allow_file = os.path.join(os.path.dirname(__file__), "english-leak.allow")
    if os.path.exists(allow_file):
        for line in open(allow_file, encoding="utf-8"):
            line = line.split("#")[0].strip()
            if line:
                tag, _, text = line.partition(" ")
                allow.add((tag, norm(text)))
    # A port's common name is data, like its service names: the same in
    # every language ("Remote Desktop Protocol (RDP)"), taken from the open
    # data file the build writes.
    common = []
    data = os.path.join(site, "data", "ports.json")
    if os.path.exists(data):
        import json
        common = sorted({p["name"] for p in json.load(open(data, encoding="utf-8"))["ports"]
                         if p.get("name")}, key=len, reverse=True)

    def strip_names(s):
        for name in common:
            if name in s:
                s = s.replace(name, " ")
        return s

    passed = failed = 0
    for page in pages:
        en = read(os.path.join(site, page))
        english = {norm(s) for s in en.strings} - {""}
        for tag in langs[1:]:
            path = os.path.join(site, tag, page)
            p = read(path)
            leaks = []
            for s in p.strings:
                n = norm(strip_names(s))
                if n and n in english and (tag, n) not in allow:
                    leaks.append(" ".join(s.split()))
            if p.unnoticed:
                leaks.append("%d lang=\"en\" block(s) without the "
                             "\"(in English)\" notice" % p.unnoticed)
            if leaks:
                failed += 1
                print("FAIL %s/%s: English outside lang=\"en\": %s" % (
                    tag, page, " | ".join(sorted(set(leaks))[:8])))
            else:
                passed += 1
    print("COUNTS %d %d" % (passed, failed))


main()
