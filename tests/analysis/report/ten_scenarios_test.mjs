// Browser test of a Chinese report comparing ten scenarios, as a district leader reads it
// (issue 12): in headless Chromium at 1280×800, then laid out for print (A4), checks that
//   - no heading, column header, scenario chip or card title shows an English identifier;
//   - no heading, column header or cell of the ranked answer breaks inside a word (a line break
//     falls only on a word boundary), on screen and in the print layout;
//   - the ranked answer (方案排序) is on the first screen;
//   - each option's cost change equals the difference of total_cost_per_year in the runs'
//     summary.json (the metric catalogue's cost), to the rounding shown;
//   - the monthly tables and the map rendered, and the page logged no errors.
// Saves the first screen and the whole page as PNG.
//
// node ten_scenarios_test.mjs --web DIR --chromium PATH --report FILE --dirs DIR,DIR,... --shots DIR
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].slice(2)] = process.argv[i + 1];
const dirs = args.dirs.split(',');
const { chromium } = await import(pathToFileURL(path.join(args.web, 'node_modules/playwright-core/index.mjs')).href);

const failures = [];
const fail = (m) => failures.push(m);
const summaries = dirs.map((d) => JSON.parse(fs.readFileSync(path.join(d, 'summary.json'), 'utf8')));
const identifiers = summaries.map((s) => s.scenario);

const browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
page.on('pageerror', (e) => fail(`page error: ${e.message}`));
await page.goto(pathToFileURL(args.report).href);
await page.waitForSelector('html[data-charts-ready="true"]', { timeout: 60000 });
const chartErrors = await page.getAttribute('html', 'data-chart-errors');
if (chartErrors !== null) fail(`${chartErrors} charts failed to render`);

// Text of every element a reader takes for a heading or a label.
const HEADINGS = 'h1, h2, h3, summary, thead th, .chip, .scenario-name';
async function headings() {
  return page.$$eval(HEADINGS, (els) => els.map((e) => ({ tag: e.tagName.toLowerCase(), text: e.innerText.trim() })));
}
for (const h of await headings()) {
  if (/[A-Za-z0-9]+_[A-Za-z0-9_]+/.test(h.text)) fail(`English identifier in <${h.tag}>: "${h.text}"`);
  for (const id of identifiers) if (h.text.includes(id) && /[_a-z]/.test(id)) fail(`scenario identifier ${id} in <${h.tag}>: "${h.text}"`);
  // English words beyond the brand and units (GOVGRID, PDF, CI).
  const words = (h.text.match(/[A-Za-z]{4,}/g) || []).filter((w) => !['GOVGRID'].includes(w));
  if (words.length) fail(`English in <${h.tag}>: "${h.text}"`);
}

// Headers broken inside a word: where two consecutive characters of a header sit on different
// lines, the break must fall on a word boundary (Intl.Segmenter's Chinese or English words;
// between a name and its tag is fine, 排|名 is not).
async function brokenHeaders(where) {
  return page.$$eval('h1, h2, h3, thead th, .chip, #ranked td', (els, lang) => els.flatMap((e) => {
    if (!e.offsetParent && getComputedStyle(e).position !== 'fixed') return [];  // hidden (print, closed details)
    const chars = [];  // {offset in the element's text, line top}
    let text = '';
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.data.length; ++i) {
        const r = document.createRange();
        r.setStart(n, i), r.setEnd(n, i + 1);
        const rect = [...r.getClientRects()].find((q) => q.width > 0);
        if (rect && !/\s/.test(n.data[i])) chars.push({ at: text.length + i, top: Math.round(rect.top) });
      }
      text += n.data;
    }
    const boundaries = new Set([0, text.length]);
    for (const seg of new Intl.Segmenter(lang, { granularity: 'word' }).segment(text)) {
      boundaries.add(seg.index), boundaries.add(seg.index + seg.segment.length);
    }
    const bad = [];
    for (let k = 1; k < chars.length; ++k) {
      if (Math.abs(chars[k].top - chars[k - 1].top) < 4) continue;  // same line
      // A break before chars[k]: fine where a word ends at or after chars[k-1] and before chars[k].
      let ok = false;
      for (let b = chars[k - 1].at + 1; b <= chars[k].at; ++b) ok = ok || boundaries.has(b);
      if (!ok) bad.push(`${text.slice(0, chars[k].at)}|${text.slice(chars[k].at)}`.trim());
    }
    return bad.map((b) => `<${e.tagName.toLowerCase()}> broken inside a word: "${b}"`);
  }), 'zh').then((list) => list.map((m) => `${where}: ${m}`));
}
for (const m of await brokenHeaders('screen')) fail(m);

// The ranked answer on the first screen: its header and first three options.
const ranked = await page.$$eval('#ranked thead tr, #ranked tbody tr', (rows) => rows.slice(0, 4).map((r) => r.getBoundingClientRect().bottom));
if (ranked.length < 4) fail(`the ranked table has ${ranked.length - 1} rows, expected 9 options`);
else if (ranked[3] > 800) fail(`the ranked answer is not on the first screen: its third option ends at ${ranked[3]} px of 800`);
await page.screenshot({ path: path.join(args.shots, 'report_ten_zh_first_screen.png') });

// Costs: the change in total_cost_per_year against the baseline (the first directory).
const cost = (s) => s.metrics.total_cost_per_year.mean;
function parseYuan(text) {
  const t = text.replace(/[+,\s]/g, '').replace('\u2212', '-').replace('±', '');
  const m = t.match(/^(-?[0-9.]+)(亿元|万元|元)$/);
  if (!m) return NaN;
  return Number(m[1]) * { 亿元: 1e8, 万元: 1e4, 元: 1 }[m[2]];
}
const rows = await page.$$eval('#ranked tbody tr', (trs) => trs.map((tr) => ({
  scenario: Number(tr.dataset.scenario),
  cost: tr.cells[3].childNodes[0].textContent.trim(),
})));
if (rows.length !== dirs.length - 1) fail(`the ranked table lists ${rows.length} options, expected ${dirs.length - 1}`);
for (const r of rows) {
  const expected = cost(summaries[r.scenario]) - cost(summaries[0]);
  const shown = parseYuan(r.cost);
  const unit = Math.abs(expected) >= 1e8 ? 1e6 : Math.abs(expected) >= 1e6 ? 1e4 : Math.abs(expected) >= 1e4 ? 1e3 : 1;
  if (!(Math.abs(shown - expected) <= unit / 2 + 1e-6))
    fail(`${summaries[r.scenario].scenario}: cost change shown "${r.cost}" (${shown}), the runs' total_cost_per_year differ by ${expected}`);
}

// The rest of the page drew: monthly tables and the map.
const monthly = await page.$$eval('#monthly table', (t) => t.length);
if (monthly < 2) fail(`the monthly section has ${monthly} tables`);
const maps = await page.$$eval('#map svg, #map canvas', (m) => m.length);
if (maps < 2) fail(`the map section drew ${maps} charts`);
await page.screenshot({ path: path.join(args.shots, 'report_ten_zh.png'), fullPage: true });

// The print layout (what --pdf prints), at A4's width.
await page.emulateMedia({ media: 'print' });
await page.setViewportSize({ width: 794, height: 1123 });
await page.waitForTimeout(300);
for (const m of await brokenHeaders('print (A4)')) fail(m);

await browser.close();
if (failures.length) {
  console.error(`ten-scenario report: ${failures.length} problem(s):\n  ` + failures.join('\n  '));
  process.exit(1);
}
console.log(`ten-scenario report: ${rows.length} options ranked, costs match, headers whole, screenshots in ${args.shots}`);
