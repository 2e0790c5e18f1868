// Link checker for the sample site (tests/suites/links).
//
//   node tests/site/links.mjs SITE BASE_URL LANGS PORTS
//
// LANGS and PORTS are comma-separated; the first language is the default
// one, at the root. Walks every HTML and CSS file of SITE:
//  - every href/src/srcset/action/poster/data resolves to a built file
//    (folder -> index.html), and a #fragment to an id on the target page;
//    a port page /[tag/]ports/N/ that the sample did not build is accepted
//    when N is a well-formed number in 0-65535 outside the sample's ports;
//  - links to BASE_URL are the site's own and are resolved the same way;
//  - links to other hosts must be https:// (or http://127.0.0.1), and are
//    counted, not fetched;
//  - resources (stylesheets, icons, scripts, images, media, frames, CSS
//    url() and @import) come from the site itself;
//  - 404.html is served at any URL, so it may only use root-relative links.
// Then, per language, every sample port page must be reachable from that
// language's home page in at most 3 clicks on <a> links that stay within
// the language.
// Prints "FAIL ..." lines with details, a "note:" line, and last a line
// "COUNTS <passed> <failed>".
import fs from "node:fs";
import path from "node:path";

const [site, baseUrl, langArg, portArg] = process.argv.slice(2);
if (!site || !baseUrl || !langArg || !portArg) {
  console.error("usage: node links.mjs SITE BASE_URL LANGS PORTS");
  process.exit(2);
}
const langs = langArg.split(",");
const defaultLang = langs[0];
const otherLangs = new Set(langs.slice(1));
const samplePorts = new Set(portArg.split(",").map(Number));
const base = new URL(baseUrl);
const basePath = base.pathname.endsWith("/") ? base.pathname : base.pathname + "/";
const MAX_CLICKS = 3;

let passed = 0, failed = 0;
function check(name, problems) {
  if (problems.length === 0) { passed++; return; }
  failed++;
  console.log(`FAIL ${name}: ${problems.length} problem(s)`);
  for (const p of problems.slice(0, 25)) console.log(`  ${p}`);
  if (problems.length > 25) console.log(`  ... and ${problems.length - 25} more`);
}

// --- files --------------------------------------------------------------
function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(path.relative(site, p).split(path.sep).join("/"));
  }
  return out;
}
const files = walk(site).sort();
const fileSet = new Set(files);
const htmlFiles = files.filter((f) => f.endsWith(".html"));
const cssFiles = files.filter((f) => f.endsWith(".css"));

// The URL path a file is served at: a/index.html -> /a/, 404.html -> /404.html
function urlOf(file) {
  if (file === "index.html") return "/";
  if (file.endsWith("/index.html")) return "/" + file.slice(0, -"index.html".length);
  return "/" + file;
}

// --- a small HTML tokenizer: tags with their attributes, and ids ----------
const ENT = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(n);
    }
    return ENT[e.toLowerCase()] ?? m;
  });
}
const RAW = new Set(["script", "style", "textarea", "title"]);
function parse(html) {
  const tags = [];
  const styles = []; // inline <style> contents and style="" attributes
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<!(?:[^>]*)>|<\/?([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let m, line = 1, last = 0;
  while ((m = re.exec(html))) {
    for (let i = last; i < m.index; i++) if (html.charCodeAt(i) === 10) line++;
    last = m.index;
    if (!m[1] || m[0][1] === "/") continue;
    const name = m[1].toLowerCase();
    const attrs = {};
    const ar = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
    let a;
    while ((a = ar.exec(m[2]))) {
      const k = a[1].toLowerCase();
      if (!(k in attrs)) attrs[k] = decode(a[2] ?? a[3] ?? a[4] ?? "");
    }
    tags.push({ name, attrs, line });
    if (attrs.style) styles.push({ css: attrs.style, line });
    if (RAW.has(name) && !m[0].endsWith("/>")) {
      const end = html.toLowerCase().indexOf(`</${name}`, re.lastIndex);
      const stop = end < 0 ? html.length : end;
      if (name === "style") styles.push({ css: html.slice(re.lastIndex, stop), line });
      re.lastIndex = stop;
    }
  }
  return { tags, styles };
}

// Every URL-bearing attribute, and whether it loads a resource into the page.
const RESOURCE_RELS = /\b(stylesheet|icon|apple-touch-icon|mask-icon|preload|modulepreload|prefetch|manifest)\b/i;
function urlsOf(tag) {
  const { name, attrs } = tag;
  const out = [];
  const add = (attr, resource) => {
    if (attr in attrs) out.push({ attr, url: attrs[attr], resource });
  };
  const srcset = (attr) => {
    if (!(attr in attrs)) return;
    for (const part of attrs[attr].split(",")) {
      const u = part.trim().split(/\s+/)[0];
      if (u) out.push({ attr, url: u, resource: true });
    }
  };
  switch (name) {
    case "a": case "area": add("href", false); break;
    case "link": add("href", RESOURCE_RELS.test(attrs.rel || "")); break;
    case "form": add("action", false); break;
    case "button": case "input":
      add("formaction", false);
      if (name === "input" && (attrs.type || "").toLowerCase() === "image") add("src", true);
      break;
    case "base": out.push({ attr: "href", url: attrs.href ?? "", resource: false, base: true }); break;
    case "script": case "iframe": case "embed": case "track": case "frame": add("src", true); break;
    case "img": case "source": add("src", true); srcset("srcset"); break;
    case "video": add("src", true); add("poster", true); break;
    case "audio": add("src", true); break;
    case "object": add("data", true); break;
    case "image": case "use": case "feimage": add("href", true); add("xlink:href", true); break;
  }
  return out;
}

// --- classifying and resolving a URL -------------------------------------
const PORT_PAGE = /^\/(?:([^/]+)\/)?ports\/([^/]*)(\/?)(.*)$/;
function langOfPath(p) {
  const seg = p.split("/")[1];
  return otherLangs.has(seg) ? seg : defaultLang;
}
// Resolve a site path (no query) to a file, or explain why it is not one.
// Returns { file } | { unbuilt: true } | { error }.
function resolvePath(p) {
  let dec;
  try { dec = decodeURIComponent(p); } catch { return { error: "bad percent-encoding" }; }
  if (!dec.startsWith("/")) return { error: "does not resolve inside the site" };
  const rel = dec.slice(1);
  let file = null;
  if (rel === "" || rel.endsWith("/")) file = rel + "index.html";
  else if (fileSet.has(rel)) file = rel;
  else if (fileSet.has(rel + "/index.html")) file = rel + "/index.html";
  if (file && fileSet.has(file)) return { file };
  // A port page the sample did not build?
  const m = PORT_PAGE.exec(dec);
  if (m) {
    const [, tag, n, slash, rest] = m;
    if (tag !== undefined && !otherLangs.has(tag)) return { error: "no such file" };
    if (!/^(0|[1-9][0-9]{0,4})$/.test(n) || Number(n) > 65535)
      return { error: `'${n}' is not a port number 0-65535` };
    if (slash !== "/" || rest !== "") return { error: "a port page is /[tag/]ports/N/" };
    if (samplePorts.has(Number(n))) return { error: "port page of the sample not built" };
    return { unbuilt: true };
  }
  return { error: "no such file" };
}

const idCache = new Map();
function idsOf(file) {
  if (!idCache.has(file)) {
    const ids = new Set();
    if (file.endsWith(".html")) {
      for (const t of parse(fs.readFileSync(path.join(site, file), "utf8")).tags) {
        if (t.attrs.id) ids.add(t.attrs.id);
        if (t.name === "a" && t.attrs.name) ids.add(t.attrs.name);
      }
    }
    idCache.set(file, ids);
  }
  return idCache.get(file);
}

let external = 0;
const externalHosts = new Set();
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

// Check one URL found in FILE; returns a problem string or null, and for an
// internal link to a built page the target file (for the click graph).
function checkUrl(file, pageUrl, u, resource) {
  const url = u.trim();
  if (url !== u) return { problem: "URL has surrounding spaces" };
  if (url === "") return { problem: "empty URL" };
  const scheme = SCHEME.exec(url);
  let sitePath = null; // "/path?query#frag" inside the site
  if (scheme) {
    const s = scheme[1].toLowerCase();
    if (s === "https" || s === "http") {
      let p;
      try { p = new URL(url); } catch { return { problem: "malformed URL" }; }
      if (p.origin === base.origin && (p.pathname + "/").startsWith(basePath)) {
        sitePath = "/" + p.pathname.slice(basePath.length) + p.search + p.hash;
      } else if (s === "http" && p.hostname !== "127.0.0.1") {
        return { problem: "link to another host over http://, not https://" };
      } else if (resource) {
        return { problem: `resource from another host (${p.host})` };
      } else {
        external++; externalHosts.add(p.host);
        return {};
      }
    } else if (s === "mailto" || s === "tel") {
      if (resource) return { problem: `${s}: URL used as a resource` };
      external++;
      return {};
    } else if (s === "data") {
      return {};
    } else {
      return { problem: `${s}: URL` };
    }
  } else if (url.startsWith("//")) {
    return { problem: "protocol-relative URL to another host" };
  } else {
    if (file === "404.html" && !url.startsWith("/") && !url.startsWith("#"))
      return { problem: "relative URL on 404.html, which is served at any path" };
    const r = new URL(url, "http://site.invalid" + pageUrl);
    sitePath = r.pathname + r.search + r.hash;
  }
  const hashAt = sitePath.indexOf("#");
  const frag = hashAt >= 0 ? sitePath.slice(hashAt + 1) : "";
  let p = hashAt >= 0 ? sitePath.slice(0, hashAt) : sitePath;
  const q = p.indexOf("?");
  if (q >= 0) p = p.slice(0, q);
  const r = resolvePath(p);
  if (r.error) return { problem: `${r.error}` };
  if (r.unbuilt) return { unbuilt: true };
  if (frag && frag !== "top") {
    let id;
    try { id = decodeURIComponent(frag); } catch { id = frag; }
    if (!idsOf(r.file).has(id)) return { problem: `no id "${id}" on ${r.file}` };
  }
  return { target: r.file };
}

function cssProblems(css) {
  const out = [];
  const re = /@import\s+(?:url\(\s*)?["']?([^"')\s;]+)|url\(\s*["']?([^"')\s]+)/gi;
  let m;
  while ((m = re.exec(css))) {
    const u = (m[1] || m[2]).trim();
    if (/^data:/i.test(u) || u.startsWith("#")) continue;
    if (/^(https?:)?\/\//i.test(u)) {
      let host;
      try { host = new URL(u, baseUrl).host; } catch { host = "?"; }
      if (host !== base.host) out.push(`CSS loads ${u} from another host`);
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(u)) {
      out.push(`CSS url ${u}`);
    }
  }
  return out;
}

// --- every file ------------------------------------------------------------
const graph = new Map(); // html file -> Set of html files it links to by <a>
for (const file of htmlFiles) {
  const html = fs.readFileSync(path.join(site, file), "utf8");
  const { tags, styles } = parse(html);
  const pageUrl = urlOf(file);
  const problems = [];
  const ids = new Set();
  for (const t of tags) {
    if (t.attrs.id) ids.add(t.attrs.id);
    if (t.name === "a" && t.attrs.name) ids.add(t.attrs.name);
  }
  idCache.set(file, ids);
  const edges = new Set();
  for (const t of tags) {
    for (const { attr, url, resource, base: isBase } of urlsOf(t)) {
      const where = `line ${t.line}: <${t.name} ${attr}="${url}">`;
      if (isBase) { problems.push(`${where}: <base> changes how every relative link resolves`); continue; }
      const r = checkUrl(file, pageUrl, url, resource);
      if (r.problem) problems.push(`${where}: ${r.problem}`);
      if (r.target && (t.name === "a" || t.name === "area") && r.target.endsWith(".html"))
        edges.add(r.target);
    }
  }
  for (const { css, line } of styles)
    for (const p of cssProblems(css)) problems.push(`line ${line}: ${p}`);
  graph.set(file, edges);
  check(file, problems);
}
for (const file of cssFiles) {
  const css = fs.readFileSync(path.join(site, file), "utf8");
  const problems = cssProblems(css);
  // Same-site url()s must exist.
  const re = /url\(\s*["']?([^"')\s]+)/gi;
  let m;
  while ((m = re.exec(css))) {
    const u = m[1];
    if (/^(data:|#|[a-z][a-z0-9+.-]*:|\/\/)/i.test(u)) continue;
    const p = new URL(u, "http://site.invalid" + urlOf(file)).pathname;
    const r = resolvePath(p);
    if (r.error) problems.push(`url(${u}): ${r.error}`);
  }
  check(file, problems);
}

// --- reachability -----------------------------------------------------------
for (const tag of langs) {
  const prefix = tag === defaultLang ? "" : tag + "/";
  const home = prefix + "index.html";
  const dist = new Map();
  if (fileSet.has(home)) {
    dist.set(home, 0);
    const queue = [home];
    while (queue.length) {
      const f = queue.shift();
      for (const g of graph.get(f) || []) {
        if (dist.has(g) || langOfPath(urlOf(g)) !== tag) continue;
        dist.set(g, dist.get(f) + 1);
        queue.push(g);
      }
    }
  }
  for (const n of [...samplePorts].sort((a, b) => a - b)) {
    const target = `${prefix}ports/${n}/index.html`;
    const problems = [];
    if (!fileSet.has(home)) problems.push(`no home page ${home}`);
    else if (!fileSet.has(target)) problems.push(`${target} was not built`);
    else if (!dist.has(target)) problems.push(`not reachable from /${prefix} by links within the language`);
    else if (dist.get(target) > MAX_CLICKS)
      problems.push(`needs ${dist.get(target)} clicks from /${prefix} (at most ${MAX_CLICKS})`);
    check(`reach /${prefix}ports/${n}/ within ${MAX_CLICKS} clicks`, problems);
  }
}

console.log(`note: ${external} links to other hosts (${externalHosts.size} hosts), not fetched; ` +
  `${htmlFiles.length} HTML and ${cssFiles.length} CSS files checked`);
console.log(`COUNTS ${passed} ${failed}`);
