// End-to-end tests of the lagebild web UI in headless Chromium.
// Usage: node browser.mjs BASE_URL SCREENSHOT_DIR
// Expects an archive holding the stern example, the shared corpora and
// hostile.jsonl (scripts/serve/e2e.sh builds it). Prints one line per check
// and 'N passed, N failed' at the end; exits 1 on any failure.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const base = process.argv[2] || "http://127.0.0.1:8080";
const shots = process.argv[3] || "screenshots";
mkdirSync(shots, { recursive: true });
let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  if (ok) { passed++; console.log("ok   " + name); }
  else { failed++; console.log("FAIL " + name + (detail ? " — " + detail : "")); }
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const problems = [];
page.on("pageerror", (e) => problems.push("page error: " + e.message));
page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
page.on("dialog", (d) => { problems.push("dialog opened: " + d.message()); d.dismiss(); });

async function open(hash, ready) {
  await page.goto(base + "/" + hash);
  await page.waitForSelector(`main[data-ready="${ready}"]`, { timeout: 15000 });
}

try {
  // Search with facets and highlighted snippets.
  await open("#/search?q=" + encodeURIComponent("Nordkorea Waffen"), "search");
  const hits = await page.locator(".hit").count();
  check("search finds articles for 'Nordkorea Waffen'", hits > 0, `${hits} hits`);
  const sternHit = page.locator(".hit h2 a", { hasText: "Diktatoren unter sich" });
  check("the stern article is among the hits", (await sternHit.count()) > 0);
  check("snippets highlight query words", (await page.locator(".snippet mark").count()) > 0);
  check("entity facet lists entities", (await page.locator(".facets section").first().locator("li").count()) > 0);
  await page.screenshot({ path: `${shots}/search.png`, fullPage: true });

  // Article view with highlights, reached by clicking the hit.
  await sternHit.first().click();
  await page.waitForSelector('main[data-ready="article"]', { timeout: 15000 });
  const persons = await page.locator("article .ent-PER").allInnerTexts();
  check("article highlights persons (Putin, Dempsey)", persons.some((t) => t.includes("Putin")) && persons.some((t) => t.includes("Dempsey")), persons.slice(0, 8).join(", "));
  const quoteTitles = await page.locator("article .quote").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("title")));
  check("quotes are highlighted with speaker on hover", quoteTitles.some((t) => t && t.includes("Dempsey")), String(quoteTitles.length));
  check("speaker roles are shown", quoteTitles.some((t) => t && /Dempsey, .*(IISS|Denkfabrik|Institute)/.test(t)) || quoteTitles.some((t) => t && t.includes("Forscher")));
  const timeTitles = await page.locator("article .time").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("title")));
  check("times are highlighted with their value", timeTitles.some((t) => t && t.includes("2019-04")), timeTitles.slice(0, 6).join(" | "));
  check("boilerplate that was set aside can be viewed", (await page.locator("details.boilerplate").count()) === 1);
  const articleEvents = await page.locator(".article-events li").allInnerTexts();
  check("the article's events are listed (North Korea's weapon deliveries as AID)", articleEvents.some((t) => t.startsWith("AID") && t.includes("Nordkorea")), articleEvents.slice(0, 6).join(" | "));
  await page.screenshot({ path: `${shots}/article.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const articleWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  check("the article fits a phone (no sideways scrolling at 390 px)", articleWidth <= 390, `${articleWidth} px`);
  await page.screenshot({ path: `${shots}/article-phone.png`, fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Quote explorer.
  await open("#/quotes?speaker=Dempsey", "quotes");
  const dempsey = await page.locator(".quotes-list li").count();
  check("quote explorer lists Dempsey's quotes", dempsey >= 2, `${dempsey} quotes`);
  await page.screenshot({ path: `${shots}/quotes.png`, fullPage: true });

  // Entity page: timeline chart and network graph.
  await open("#/entity/Putin", "entity");
  await page.waitForSelector("#timeline canvas, #timeline:not(:empty)", { timeout: 15000 });
  check("Putin's page draws a timeline chart", (await page.locator("#timeline canvas").count()) > 0);
  const nodes = Number(await page.locator("#network").getAttribute("data-nodes"));
  check("Putin's page draws a network of co-occurring entities", nodes > 1, `${nodes} nodes`);
  const events = Number(await page.locator("#events").getAttribute("data-events"));
  check("Putin's page lists events he takes part in", events > 0, `${events} events`);
  const eventTypes = await page.locator("#events li").evaluateAll((items) => items.map((li) => li.dataset.type));
  check("Putin's events include his praise of North Korea (SUPPORT)", eventTypes.includes("SUPPORT"), eventTypes.join(" "));
  check("every event links to its article", (await page.locator("#events li a[href^='#/article/']").count()) === events);
  check("events are marked on the timeline", Number(await page.locator("#timeline").getAttribute("data-event-months")) > 0);
  // Keyboard: Tab from the top of the page reaches an event's link.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  let tabs = 0;
  while (tabs < 150 && !(await page.evaluate(() => !!(document.activeElement && document.activeElement.closest("#events"))))) {
    await page.keyboard.press("Tab");
    tabs++;
  }
  check("events are reachable by keyboard", tabs < 150, `${tabs} tabs`);
  await page.screenshot({ path: `${shots}/entity-putin.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  const entityWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  check("Putin's page fits a phone (no sideways scrolling at 390 px)", entityWidth <= 390, `${entityWidth} px`);
  await page.screenshot({ path: `${shots}/entity-putin-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Keyboard: on a freshly loaded page the first Tab reaches the skip link.
  await page.reload();
  await page.waitForSelector('main[data-ready="entity"]', { timeout: 15000 });
  await page.keyboard.press("Tab");
  check("keyboard focus starts at the skip link", (await page.evaluate(() => document.activeElement && document.activeElement.className)) === "skip");

  // Hostile article: nothing executes, markup shows as text.
  await open("#/search?q=pwned", "search");
  const hostileLink = page.locator(".hit h2 a").first();
  check("hostile article is found", (await hostileLink.count()) > 0);
  check("hostile title is shown as text", (await hostileLink.innerText()).includes("<script>"));
  await open("#/article/hostile-1", "article");
  check("hostile text is shown as text", (await page.locator("article.doc").innerText()).includes("onerror="));
  check("no <script> or <img> was created from article data", await page.evaluate(() => document.querySelectorAll("main script, main img, main [onerror]").length === 0));
  check("a javascript: source URL is not turned into a link", await page.evaluate(() => ![...document.querySelectorAll("a")].some((a) => a.href.startsWith("javascript:"))));
  await page.waitForTimeout(300);
  check("nothing from the hostile article executed", await page.evaluate(() => window.__pwned === undefined));
  await page.screenshot({ path: `${shots}/hostile.png`, fullPage: true });

  // All articles (over 1,000): the store counts the entity facet on a
  // sample, and the page says so.
  await open("#/search?q=", "search");
  check("over all articles (a sampled hit set) the entity facet says its counts are estimates",
    (await page.locator(".facets h3", { hasText: "Entities (estimated counts)" }).count()) === 1);
} catch (error) {
  check("browser run completed", false, String(error && error.message || error));
}
check("no script errors, CSP violations or dialogs", problems.length === 0, problems.join(" | "));
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
