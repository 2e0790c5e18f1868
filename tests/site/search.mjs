// The search page in headless Chromium (tests/suites/search): for each
// language given, types each query into the search form, submits it and
// checks the first result's port; checks that a number goes straight to
// its page and that a query with more results than are shown says so.
//
//   node tests/site/search.mjs SITE PROFILE_DIR LANG_PREFIX...
//
// LANG_PREFIX is "" for the default language or "ja/". Serves SITE on
// 127.0.0.1 on an ephemeral port. Prints "FAIL ..." lines, one "ok ..."
// line per query with the first result, and last "COUNTS <passed> <failed>".
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";

const [site, profileDir, ...prefixes] = process.argv.slice(2);
if (!site || !profileDir || prefixes.length === 0) {
  console.error("usage: node search.mjs SITE PROFILE_DIR LANG_PREFIX...");
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

// query -> the ports any of which may come first
const QUERIES = {
  "rdp": [3389], "remote desktop": [3389], "sql server": [1433], "vnc": [5900],
  "smb": [445], "minecraft": [25565], "wireguard": [51820], "postgres": [5432],
  "mongodb": [27017], "redis": [6379], "kubernetes": [6443], "dns": [53], "ntp": [123],
  "mysql": [3306], "ssh": [22], "http": [80], "https": [443], "smtp": [25], "imap": [143],
  "ldap": [389], "printer": [631, 9100],
};

let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; return; }
  failed++;
  console.log(`FAIL ${name}${detail ? ": " + detail : ""}`);
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml" };
const root = path.resolve(site);
const server = http.createServer((req, res) => {
  let p;
  try { p = decodeURIComponent(new URL(req.url, "http://x").pathname); } catch { p = "/"; }
  let file = path.join(root, p);
  if (!file.startsWith(root)) file = root + "/nonexistent";
  if (p.endsWith("/")) file = path.join(file, "index.html");
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { "Content-Type": TYPES[".html"] });
    res.end("not found");
    return;
  }
  res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launchPersistentContext(profileDir, {
  executablePath: CHROMIUM, args: ARGS, headless: true,
});
const errors = [];
try {
  const page = browser.pages()[0] || await browser.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  for (const prefix of prefixes) {
    const lang = prefix || "en/";
    for (const [q, want] of Object.entries(QUERIES)) {
      await page.goto(`${origin}/${prefix}search/`);
      await page.fill("#q", q);
      await Promise.all([page.waitForNavigation(), page.press("#q", "Enter")]);
      const first = page.locator("#results li a").first();
      let href = "", text = "";
      try {
        await first.waitFor({ timeout: 5000 });
        href = await first.getAttribute("href");
        text = await first.textContent();
      } catch { /* no results */ }
      const m = /ports\/(\d+)\/$/.exec(href || "");
      const got = m ? +m[1] : -1;
      const ok = want.includes(got) && href.startsWith(`/${prefix}ports/`);
      check(`${lang}${q}: first result`, ok, `want ${want.join(" or ")}, got ${href || "nothing"} (${text})`);
      if (ok) console.log(`ok ${lang} ${JSON.stringify(q)} -> ${text}`);
      const seen = await page.locator("#results li a").evaluateAll(
        (as) => as.map((a) => a.getAttribute("href")));
      check(`${lang}${q}: each port once`, new Set(seen).size === seen.length);
    }
    // A number goes straight to its page.
    await page.goto(`${origin}/${prefix}search/`);
    await page.fill("#q", "3389");
    await Promise.all([page.waitForNavigation(), page.press("#q", "Enter")]);
    check(`${lang}3389 goes to its page`, page.url() === `${origin}/${prefix}ports/3389/`, page.url());
    // A broad query shows part of the list and says how many there are.
    await page.goto(`${origin}/${prefix}search/?q=e`);
    await page.locator("#results li").first().waitFor({ timeout: 5000 }).catch(() => {});
    const shown = await page.locator("#results li").count();
    const note = await page.locator("#results > p").first().textContent().catch(() => "");
    check(`${lang}e: at most 200 shown`, shown === 200, `${shown} shown`);
    check(`${lang}e: says how many`, /200/.test(note) && /\d{4}/.test(note) && !/\{\{/.test(note), note);
  }
  check("no script errors", errors.length === 0, errors.join("; "));
} finally {
  await browser.close();
  server.close();
}
console.log(`COUNTS ${passed} ${failed}`);
