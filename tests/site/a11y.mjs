// Accessibility of the sample site (tests/suites/a11y): axe-core in headless
// Chromium, every page in the light and the dark color scheme, plus a check
// that port pages work without JavaScript.
//
//   node tests/site/a11y.mjs SITE AXE_JS PROFILE_DIR PAGE...
//
// PAGE is a file of SITE (ports/22/index.html, 404.html) or a URL path with
// a query (/search/?q=ssh). 404.html is requested as a missing URL, so the
// server answers with it as a real host would. Serves SITE on 127.0.0.1 on
// an ephemeral port. Prints "FAIL ..." lines with details, and last a line
// "COUNTS <passed> <failed>".
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";

const [site, axePath, profileDir, ...pages] = process.argv.slice(2);
if (!site || !axePath || !profileDir || pages.length === 0) {
  console.error("usage: node a11y.mjs SITE AXE_JS PROFILE_DIR PAGE...");
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];
const SCHEMES = ["light", "dark"];
const WORKERS = Number(process.env.A11Y_WORKERS || 2);
// Seconds for all the audits; pages not audited by then fail, and the
// browser is closed cleanly (so its profile can be removed).
const BUDGET = Number(process.env.A11Y_BUDGET || 150);
const started = Date.now();
// axe is served from a path the site cannot have, so Chromium caches its
// compiled code instead of parsing 500 KB again on every page.
const AXE_URL = "/.a11y-axe/axe.min.js";

let passed = 0, failed = 0;
function check(name, problems) {
  if (problems.length === 0) { passed++; return; }
  failed++;
  const n = problems.filter((p) => !p.startsWith("    ")).length;
  console.log(`FAIL ${name}: ${n} problem(s)`);
  for (const p of problems.slice(0, 40)) console.log(`  ${p}`);
  if (problems.length > 40) console.log(`  ... and ${problems.length - 40} more`);
}

// --- a static file server, like GitHub Pages: dir/ -> dir/index.html,
// dir -> 301 dir/, missing -> 404 with /404.html ---------------------------
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
  ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".png": "image/png",
  ".ico": "image/x-icon", ".woff2": "font/woff2" };
const root = path.resolve(site);
const axeSource = fs.readFileSync(axePath);
const server = http.createServer((req, res) => {
  if (req.url === AXE_URL) {
    res.writeHead(200, { "Content-Type": TYPES[".js"], "Cache-Control": "max-age=3600" });
    res.end(axeSource);
    return;
  }
  let p;
  try { p = decodeURIComponent(new URL(req.url, "http://x").pathname); } catch { p = "/"; }
  let file = path.join(root, p);
  if (!file.startsWith(root)) file = root + "/nonexistent";
  let st = fs.statSync(file, { throwIfNoEntry: false });
  if (st && st.isDirectory()) {
    if (!p.endsWith("/")) { res.writeHead(301, { Location: p + "/" }); res.end(); return; }
    file = path.join(file, "index.html");
    st = fs.statSync(file, { throwIfNoEntry: false });
  }
  if (!st || !st.isFile()) {
    const nf = path.join(root, "404.html");
    res.writeHead(404, { "Content-Type": TYPES[".html"] });
    res.end(fs.existsSync(nf) ? fs.readFileSync(nf) : "not found");
    return;
  }
  res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

function urlOf(page) {
  if (page.startsWith("/")) return page;
  if (page === "404.html") return "/no/such/page/";
  if (page === "index.html") return "/";
  if (page.endsWith("/index.html")) return "/" + page.slice(0, -"index.html".length);
  return "/" + page;
}

const loadProblems = []; // script errors and failed loads, on any page

async function launch(name, options) {
  const dir = path.join(profileDir, name);
  fs.mkdirSync(dir, { recursive: true });
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, args: ARGS, headless: true, ...options,
  });
}

// Load TARGET once, then run axe in each color scheme (style.css has no
// transitions, so a scheme switch takes effect at once). Returns a map from
// scheme to the problems found.
async function audit(page, target) {
  const url = origin + urlOf(target);
  const found = new Map(SCHEMES.map((s) => [s, []]));
  const all = (msg) => { for (const s of SCHEMES) found.get(s).push(msg); };
  await page.emulateMedia({ colorScheme: SCHEMES[0] });
  const resp = await page.goto(url, { waitUntil: "load" });
  const want = target === "404.html" ? 404 : 200;
  if (!resp || resp.status() !== want)
    all(`HTTP ${resp ? resp.status() : "no response"} for ${urlOf(target)} (expected ${want})`);
  if (target.includes("?")) {
    // Pages that render with JavaScript (search results): let them settle.
    await page.waitForFunction(() => {
      const r = document.getElementById("results");
      return !r || r.children.length > 0;
    }, null, { timeout: 5000 }).catch(() => all("search results did not render in 5 s"));
  }
  await page.addScriptTag({ url: origin + AXE_URL });
  for (const scheme of SCHEMES) {
    const problems = found.get(scheme);
    await page.emulateMedia({ colorScheme: scheme });
    const real = await page.evaluate(
      (s) => window.matchMedia(`(prefers-color-scheme: ${s})`).matches, scheme);
    if (!real) problems.push(`prefers-color-scheme: ${scheme} is not in effect`);
    const result = await page.evaluate(async () =>
      window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations) {
      problems.push(`${v.id} [${v.impact}] ${v.help} (${v.nodes.length} element(s)) ${v.helpUrl}`);
      for (const n of v.nodes.slice(0, 8)) {
        const why = [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean)[0] || "";
        problems.push(`    ${n.target.join(" ")}: ${n.html.slice(0, 140)}${why ? "  -- " + why : ""}`);
      }
      if (v.nodes.length > 8) problems.push(`    ... and ${v.nodes.length - 8} more element(s)`);
    }
  }
  return found;
}

function watch(page) {
  page.on("pageerror", (e) => loadProblems.push(`${page.url()}: script error: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== "document")
      loadProblems.push(`${page.url()}: ${r.status()} for ${r.url()}`);
  });
  page.on("requestfailed", (r) => {
    if (!r.url().startsWith(origin)) return; // other hosts are blocked anyway
    loadProblems.push(`${page.url()}: failed to load ${r.url()}: ${r.failure()?.errorText}`);
  });
}

let ctx;
try {
  // With JavaScript: axe on every page, in both color schemes.
  ctx = await launch("js", {});
  // No internet: anything not served by us is refused at once.
  await ctx.route((u) => !u.href.startsWith(origin), (r) => r.abort());
  const jobs = [...pages];
  const results = new Map();
  const key = (p, scheme) => `${urlOf(p)} (${scheme})`;
  const worker = async () => {
    const page = await ctx.newPage();
    watch(page);
    for (let p; (p = jobs.shift());) {
      if ((Date.now() - started) / 1000 > BUDGET) {
        for (const s of SCHEMES) results.set(key(p, s), [`not audited: the ${BUDGET} s budget ran out`]);
        continue;
      }
      try {
        for (const [s, problems] of await audit(page, p)) results.set(key(p, s), problems);
      } catch (e) {
        for (const s of SCHEMES)
          if (!results.has(key(p, s))) results.set(key(p, s), [`error: ${e.message.split("\n")[0]}`]);
      }
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  for (const scheme of SCHEMES)
    for (const p of pages)
      check(`axe ${p === "404.html" ? "404.html at " : ""}${key(p, scheme)}`, results.get(key(p, scheme)));
  check("no script errors or failed loads on the pages above", loadProblems);
  await ctx.close();

  // Without JavaScript: every language's port 22 page has its heading and
  // its feedback reactions, visible and usable.
  ctx = await launch("nojs", { javaScriptEnabled: false });
  await ctx.route((u) => !u.href.startsWith(origin), (r) => r.abort());
  const page = await ctx.newPage();
  const problems = [];
  const port22 = pages.filter((p) => /(^|\/)ports\/22\/index\.html$/.test(p));
  for (const p of port22) {
    const url = urlOf(p);
    try {
      await page.goto(origin + url, { waitUntil: "load" });
      const h1 = page.locator("h1");
      if ((await h1.count()) !== 1) problems.push(`${url}: ${await h1.count()} h1 elements`);
      else if (!(await h1.isVisible())) problems.push(`${url}: h1 is not visible`);
      else if (!/22/.test(await h1.innerText())) problems.push(`${url}: h1 does not name port 22`);
      const fb = page.locator(".feedback");
      if ((await fb.count()) !== 1 || !(await fb.first().isVisible())) {
        problems.push(`${url}: no visible .feedback section`);
        continue;
      }
      const reactions = fb.locator("a[href], form button:not([type=button]):not([type=reset]), form input[type=submit]");
      let visible = 0;
      for (let i = 0; i < (await reactions.count()); i++)
        if (await reactions.nth(i).isVisible()) visible++;
      if (visible < 3) problems.push(`${url}: ${visible} visible feedback reactions (want 3)`);
      const heading = fb.locator("h2");
      if (!(await heading.count()) || !(await heading.first().isVisible()))
        problems.push(`${url}: feedback question heading is not visible`);
    } catch (e) {
      problems.push(`${url}: error: ${e.message.split("\n")[0]}`);
    }
  }
  if (port22.length === 0) problems.push("no port 22 page in the sample");
  check("without JavaScript, port 22 pages show the h1 and the feedback reactions", problems);
} catch (e) {
  check("Chromium runs", [e.message.split("\n")[0]]);
} finally {
  if (ctx) await ctx.close().catch(() => {});
  server.close();
}
console.log(`COUNTS ${passed} ${failed}`);
process.exit(0);
