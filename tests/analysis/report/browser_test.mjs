// Browser test of govgrid reports: loads each report in headless Chromium (Debian's, driven by
// playwright-core from analysis/report/web/node_modules) and checks that the page loads without
// console errors, page errors, dialogs or network requests; that every chart drew a non-empty
// SVG or canvas; that the summary table shows the numbers of each run's summary.json, formatted for
// the report's language; and that scenario names are shown as text. Saves a full-page
// screenshot of each report.
//
// A sweep's report (--sweep) is checked for its charts (every one drawn, the expected ones
// present), its language, the best point and a table row per point of the sweep's export.
//
// node browser_test.mjs --web DIR --chromium PATH --shots DIR
//                       --report FILE::LANG::RUN_DIR,,RUN_DIR,,... [--report ...]
//                       [--sweep FILE::LANG::CHART,CHART,...::POINTS [--sweep ...]]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const args = { reports: [], sweeps: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value for ${key}`);
    if (key === '--report') {
      const [file, lang, dirs] = value.split('::');
      const runDirs = dirs.split(',,');
      args.reports.push({ file, lang, dirs: runDirs, geo: runDirs.every((d) => fs.existsSync(path.join(d, 'grids.geojson'))) });
    } else if (key === '--sweep') {
      const [file, lang, charts, points] = value.split('::');
      args.sweeps.push({ file, lang, charts: charts ? charts.split(',') : [], points: Number(points) });
    } else {
      args[key.slice(2)] = value;
    }
  }
  return args;
}

// The report's number formats (analysis/report/i18n.h), mirrored independently.
function grouped(x, decimals) {
  const [int, frac] = Math.abs(x).toFixed(decimals).split('.');
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? g : `${g}.${frac}`;
}
function signed(x, decimals) {
  const g = grouped(x, decimals);
  if (/^[0.,]*$/.test(g)) return g;
  return (x < 0 ? '\u2212' : '') + g;
}
function formatValue(v, unit, lang) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const zh = lang === 'zh';
  const a = Math.abs(v);
  switch (unit) {
    case 'share': return `${signed(100 * v, 1)}%`;
    case 'h': return signed(v, 1) + (zh ? '小时' : ' h');
    case 'h/week': return signed(v, 2) + (zh ? '小时/周' : ' h/week');
    case 'yuan':
    case 'yuan/year':
      if (!zh) return a >= 1e6 ? `${v < 0 ? '\u2212' : ''}¥${grouped(v / 1e6, 1)}M` : `${v < 0 ? '\u2212' : ''}¥${grouped(v, 0)}`;
      if (a >= 1e8) return `${signed(v / 1e8, 2)}亿元`;
      if (a >= 1e4) return `${signed(v / 1e4, a >= 1e6 ? 0 : 1)}万元`;
      return `${signed(v, 0)}元`;
    case 'count':
      if (zh && a >= 1e8) return `${signed(v / 1e8, 2)}亿`;
      if (zh && a >= 1e5) return `${signed(v / 1e4, a >= 1e6 ? 0 : 1)}万`;
      return signed(v, 0);
    default: return signed(v, 3);
  }
}

const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

const args = parseArgs(process.argv.slice(2));
const { chromium } = await import(pathToFileURL(path.join(args.web, 'node_modules/playwright-core/index.mjs')).href);
fs.mkdirSync(args.shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: args.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});

// Loads a report and checks what every report must do: no console or page errors, dialogs or
// network requests; every chart rendered, each a non-empty SVG or a canvas with a size.
async function openReport(file, where) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('dialog', async (dialog) => { problems.push(`dialog opened: ${dialog.message()}`); await dialog.dismiss(); });
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`network request (the report must work offline): ${url}`);
    }
  });
  const t0 = Date.now();
  await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
  await page.waitForSelector('html[data-charts-ready="true"]', { timeout: 30000 });
  const loadMs = Date.now() - t0;

  for (const p of problems) failures.push(where(p));
  const chartErrors = await page.getAttribute('html', 'data-chart-errors');
  check(chartErrors === null, where(`${chartErrors} charts failed to render`));

  // Every chart: a non-empty SVG (marks drawn) or a canvas with a size.
  const charts = await page.$$eval('[data-chart]', (boxes) => boxes.map((box) => {
    const svg = box.querySelector('svg');
    const canvas = box.querySelector('canvas');
    return {
      id: box.getAttribute('data-chart'),
      svgMarks: svg ? svg.querySelectorAll('path, rect, line, text, circle').length : 0,
      svgArea: svg ? svg.getBoundingClientRect().width * svg.getBoundingClientRect().height : 0,
      canvas: canvas ? canvas.width * canvas.height : 0,
    };
  }));
  for (const c of charts) {
    check((c.svgMarks > 10 && c.svgArea > 1000) || c.canvas > 0,
      where(`chart ${c.id} is empty (${c.svgMarks} SVG marks, ${c.svgArea} px² SVG, canvas ${c.canvas})`));
  }
  return { page, charts, loadMs };
}

try {
  for (const report of args.reports) {
    // A run's own report is DIR/report.html: name its screenshot after the run directory.
    const base = path.basename(report.file);
    const name = base === 'report.html' ? `run_${path.basename(path.dirname(report.file))}.html` : base;
    const where = (m) => `${name}: ${m}`;
    const { page, charts, loadMs } = await openReport(report.file, where);
    const expected = ['backlog', 'satisfaction', 'response', 'map_load', 'map_satisfaction', 'street_rates'];
    check(JSON.stringify(charts.map((c) => c.id).sort()) === JSON.stringify([...expected].sort()),
      where(`charts ${charts.map((c) => c.id)} instead of ${expected}`));

    // Maps drawn from grids.geojson: each grid is a small shape, not the whole view (which is
    // what d3 draws for a ring wound the wrong way).
    const shapes = await page.$$eval('[data-chart^="map_"] svg', (svgs) => svgs.map((svg) => {
      const view = svg.getBoundingClientRect();
      const areas = [...svg.querySelectorAll('path[aria-roledescription="geoshape"]')]
        .map((p) => { const r = p.getBoundingClientRect(); return (r.width * r.height) / (view.width * view.height); })
        .sort((a, b) => a - b);
      return { count: areas.length, median: areas.length ? areas[Math.floor(areas.length / 2)] : 0 };
    }));
    for (const s of shapes) {
      if (s.count > 0) check(s.median < 0.02, where(`geoshape grids cover ${(100 * s.median).toFixed(1)}% of the map each`));
    }
    if (report.geo) check(shapes.every((s) => s.count > 10), where('grids.geojson given but no geoshape map drawn'));

    // The summary table against each run's summary.json.
    const summaries = report.dirs.map((d) => JSON.parse(fs.readFileSync(path.join(d, 'summary.json'), 'utf8')));
    const cells = await page.$$eval('#summary td.cell', (tds) => tds.map((td) => ({
      metric: td.dataset.metric,
      scenario: Number(td.dataset.scenario),
      mean: td.dataset.mean,
      v: td.querySelector('.v').textContent,
      ci: td.querySelector('.ci') ? td.querySelector('.ci').textContent : null,
      verdict: td.querySelector('.delta').dataset.verdict || 'base',
    })));
    const metrics = ['response_time_mean_h', 'resolution_time_mean_h', 'response_rate', 'resolution_rate',
      'satisfaction_rate', 'pushed_down_time_share', 'worker_overtime_h_per_week', 'total_cost_per_year'];
    check(cells.length === metrics.length * summaries.length,
      where(`summary table has ${cells.length} cells, expected ${metrics.length * summaries.length}`));
    for (const cell of cells) {
      const s = summaries[cell.scenario];
      const m = s.metrics[cell.metric];
      const label = `${cell.metric} of scenario ${cell.scenario}`;
      if (!check(m !== undefined, where(`${label}: not in summary.json`))) continue;
      check(Number(cell.mean) === m.mean, where(`${label}: data-mean ${cell.mean} != summary.json ${m.mean}`));
      const want = formatValue(m.mean, m.unit, report.lang);
      check(cell.v === want, where(`${label}: shows "${cell.v}", summary.json mean formats as "${want}"`));
      if (m.ci95_low !== undefined) {
        const ci = `[${formatValue(m.ci95_low, m.unit, report.lang)}, ${formatValue(m.ci95_high, m.unit, report.lang)}]`;
        check(cell.ci === ci, where(`${label}: interval "${cell.ci}", expected "${ci}"`));
      }
    }
    for (const metric of metrics) {
      check(metrics.includes(metric) && cells.some((c) => c.metric === metric), where(`no row for ${metric}`));
    }

    // Language.
    const text = await page.evaluate(() => document.body.innerText);
    if (report.lang === 'zh') {
      for (const word of ['结论速览', '响应率', '解决率', '满意率', '街道排名', '名次区间', '阅读说明']) {
        check(text.includes(word), where(`Chinese page lacks "${word}"`));
      }
      check(!text.includes('The answer at a glance'), where('Chinese page has English headings'));
    } else {
      for (const word of ['The answer at a glance', 'Response rate', 'Resolution rate', 'Satisfaction rate',
        'Ranking of streets', 'Could rank', 'How to read this report']) {
        check(text.includes(word), where(`English page lacks "${word}"`));
      }
      check(!text.includes('结论速览'), where('English page has Chinese headings'));
    }
    check((await page.getAttribute('html', 'lang')) === (report.lang === 'zh' ? 'zh-CN' : 'en'), where('html lang'));

    // Scenario names are text, never markup: each run's title in the report's language, its
    // name where it has none (a run renamed with --set name=… has none).
    const names = await page.$$eval('#summary th.scenario .scenario-name', (els) => els.map((e) => e.textContent));
    const titled = summaries.map((s) => {
      const t = s.title || {};
      const own = report.lang === 'zh' ? (t.zh || t.en) : (t.en || t.zh);
      return own || s.scenario;
    });
    check(JSON.stringify(names) === JSON.stringify(titled),
      where(`scenario names ${JSON.stringify(names)} != ${JSON.stringify(titled)}`));
    const injected = await page.evaluate(() => document.querySelectorAll('script').length);
    check(injected === 5, where(`${injected} <script> elements, expected 5 (data, vega, vega-lite, vega-embed, report)`));

    // A city (summary.json's world of more than one district) has its districts ranked; a
    // single district has no such section.
    const cities = summaries.filter((s) => ((s.world || {}).districts || 1) > 1).length;
    const districtTables = await page.$$eval('#districts .ranking[data-unit="district"]', (els) => els.length);
    check(districtTables === cities, where(`${districtTables} district rankings for ${cities} cities`));
    if (cities > 0) {
      check(text.includes(report.lang === 'zh' ? '区排名' : 'District ranking'), where('no district ranking heading'));
      const named = await page.$$eval('.ranking:not([data-unit]) td.district', (tds) => tds.filter((td) => td.textContent).length);
      check(named > 0, where('a city\'s streets do not name their district'));
    }

    // The street (and district) ranking: every street has a rank and the range it could hold, which contains
    // the rank; a street marked as falling behind is among the bottom 10% (at least one), carries
    // the badge and says what holds it back.
    const rows = await page.$$eval('.ranking tbody tr', (trs) => trs.map((tr) => ({
      behind: tr.classList.contains('behind'),
      badge: tr.querySelector('.badge.behind') !== null,
      rank: Number(tr.dataset.rank),
      range: tr.querySelector('.rank-range').textContent,
      why: tr.querySelector('.why').textContent,
      streets: tr.closest('tbody').querySelectorAll('tr').length,
    })));
    check(rows.length > 0, where('no street ranking rows'));
    for (const r of rows) {
      const [best, worst = best] = r.range.split('–').map(Number);
      check(best <= r.rank && r.rank <= worst, where(`rank ${r.rank} outside its range ${r.range}`));
      check(r.behind === r.badge, where(`row class and badge disagree (rank ${r.rank})`));
      if (r.behind) {
        const bottom = Math.max(1, Math.round(r.streets / 10));
        check(r.rank > r.streets - bottom, where(`a street ranked ${r.rank} of ${r.streets} is marked behind`));
        check(r.why.length > 0, where(`a street marked behind says nothing about why (rank ${r.rank})`));
      }
    }

    await page.screenshot({ path: path.join(args.shots, name.replace(/\.html$/, '.png')), fullPage: true });
    console.log(`${name}: ${charts.length} charts, ${cells.length} summary cells checked, loaded in ${loadMs} ms`);
    await page.close();
  }
  for (const sweep of args.sweeps) {
    const name = path.basename(sweep.file);
    const where = (m) => `${name}: ${m}`;
    const { page, charts, loadMs } = await openReport(sweep.file, where);
    const ids = charts.map((c) => c.id).sort();
    check(JSON.stringify(ids) === JSON.stringify([...sweep.charts].sort()), where(`charts ${ids} instead of ${sweep.charts}`));
    const rows = await page.$$eval('#points tbody tr[data-point]', (trs) => trs.length);
    check(rows === sweep.points, where(`${rows} rows in the table of points, expected ${sweep.points}`));
    const best = await page.$$eval('#best .best-line, #best #best-none', (els) => els.length);
    check(best > 0, where('no best point'));
    const text = await page.evaluate(() => document.body.innerText);
    const zh = sweep.lang === 'zh';
    const words = zh ? ['参数扫描分析报告', '最优参数组合', '全部参数组合', '响应率', '解决率', '满意率']
      : ['Sweep report', 'The best point', 'Every point', 'Response rate'];
    if (sweep.charts.some((c) => c.startsWith('curve_'))) words.push(zh ? '响应曲线' : 'Response curves');
    if (sweep.charts.some((c) => c.startsWith('heat_'))) words.push(zh ? '双参数热力图' : 'Two parameters at once');
    if (sweep.charts.some((c) => c.startsWith('lhs_'))) words.push(zh ? '敏感性分析' : 'Sensitivity');
    for (const word of words) check(text.includes(word), where(`page lacks "${word}"`));
    if (sweep.lang === 'zh') check(!text.includes('The best point'), where('Chinese page has English headings'));
    check((await page.getAttribute('html', 'lang')) === (sweep.lang === 'zh' ? 'zh-CN' : 'en'), where('html lang'));
    await page.screenshot({ path: path.join(args.shots, name.replace(/\.html$/, '.png')), fullPage: true });
    console.log(`${name}: ${charts.length} charts, ${rows} points, loaded in ${loadMs} ms`);
    await page.close();
  }
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`FAILED (${failures.length}):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`ok: ${args.reports.length} reports, ${args.sweeps.length} sweep reports`);
