// Browser check of govgrid calibrate's fit pages: each page loads in headless Chromium (Debian's,
// driven by playwright-core from analysis/report/web/node_modules) without console or page
// errors or network requests, every chart draws a non-empty SVG, the answer table shows the
// held-out KS of fit.json, and a full-page screenshot is saved.
//
// node fit_page_check.mjs --web DIR --chromium PATH --shots DIR --fit FIT.json PAGE.html [PAGE.html ...]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const args = { pages: [] };
for (let i = 0; i < argv.length; ++i) {
  if (argv[i].startsWith('--')) args[argv[i].slice(2)] = argv[++i];
  else args.pages.push(argv[i]);
}
const fit = JSON.parse(fs.readFileSync(args.fit, 'utf8'));
const { chromium } = await import(pathToFileURL(path.join(args.web, 'node_modules/playwright-core/index.mjs')).href);
fs.mkdirSync(args.shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: args.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const failures = [];
try {
  for (const file of args.pages) {
    const name = path.basename(file);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') failures.push(`${name}: console error: ${m.text()}`); });
    page.on('pageerror', (e) => failures.push(`${name}: page error: ${e.message}`));
    page.on('request', (r) => {
      const url = r.url();
      if (!/^(file|data|blob):/.test(url)) failures.push(`${name}: network request (must work offline): ${url}`);
    });
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
    await page.waitForSelector('html[data-charts-ready="true"]', { timeout: 30000 });
    const errors = await page.getAttribute('html', 'data-chart-errors');
    if (errors !== null) failures.push(`${name}: ${errors} charts failed`);
    const charts = await page.$$eval('[data-chart]', (boxes) => boxes.map((b) => ({
      id: b.getAttribute('data-chart'),
      marks: b.querySelector('svg') ? b.querySelector('svg').querySelectorAll('path, rect, line, text, circle').length : 0,
    })));
    if (charts.length < 6) failures.push(`${name}: ${charts.length} charts, expected at least 6`);
    for (const c of charts) if (c.marks < 5) failures.push(`${name}: chart ${c.id} drew ${c.marks} marks`);
    const text = await page.textContent('main');
    if (fit.test) {
      const ks = fit.test.ks_overall.toFixed(3);
      if (!text.includes(ks)) failures.push(`${name}: the answer table does not show the held-out KS ${ks}`);
    }
    await page.screenshot({ path: path.join(args.shots, name.replace(/\.html$/, '.png')), fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`fit pages: ${args.pages.length} checked`);
