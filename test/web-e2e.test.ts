/**
 * The web page in a real browser: Playwright (playwright-core, no browser download) driving Debian's Chromium
 * against `unspun serve` on a free localhost port. A fact-checker's path (paste a farm article, read the traced
 * sentences side by side with a highlighted substitution, follow a source), the network graph, a phone-sized
 * screen, the keyboard, and a hostile corpus rendered with zero script executions. Screenshots are kept in
 * artifacts/. Skips, saying why, only when Chromium is not installed (.ci/run installs it with apt-get).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createEngine } from '../src/engine/engine.js';
import { type RunningServer, startServer } from '../src/server/index.js';
import { repoRoot, tempDir } from './helpers/index.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => Boolean(p && existsSync(p)),
);
const SKIP = CHROMIUM
  ? false
  : 'skipped: Chromium is not installed (set CHROMIUM_PATH, or apt-get install chromium; .ci/run does)';

const demo = join(repoRoot, 'examples', 'demo');
const FARM01 = readFileSync(join(demo, 'farm', 'farm-01.md'), 'utf8');
const ARTIFACTS = join(repoRoot, 'artifacts');

const tmp = tempDir('unspun-e2e-');
let browser: Browser | null = null;
let server: RunningServer | null = null;

async function launch(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM!,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  return browser;
}

/** A page that records every dialog, page error and console error. */
async function watchedPage(
  width = 1280,
  height = 900,
): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const b = await launch();
  const page = await b.newPage({ viewport: { width, height } });
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { page, dialogs, errors };
}

before(async () => {
  if (SKIP) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const db = join(tmp.dir, 'demo.db');
  const engine = createEngine({ store: db });
  await engine.ingest([
    join(demo, 'wire'),
    ...['02', '03', '04', '05'].map((n) => join(demo, 'farm', `farm-${n}.md`)),
    join(demo, 'farm2'),
  ]);
  await engine.audit();
  await engine.close();
  server = await startServer({ store: db, port: 0, workers: 1, rateLimit: { perMinute: 0, burst: 0 } });
});

after(async () => {
  await browser?.close();
  await server?.close();
  tmp.cleanup();
});

describe('the web page in Chromium', { skip: SKIP }, () => {
  it('paste a farm article, see traced sentences side by side with a highlighted swap, follow a source', async () => {
    const { page, dialogs, errors } = await watchedPage();
    await page.goto(`${server!.url}/`);
    await page.getByLabel('Article text').fill(FARM01);
    await Promise.all([page.waitForURL(/\/reports\//), page.getByRole('button', { name: 'Check' }).click()]);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Halvard breakthrough' }).waitFor();
    const traced = page.locator('li.sentence.status-traced');
    assert.ok((await traced.count()) >= 5, 'sentences traced to the wire');
    // A substitution highlighted in the article's sentence, with original → spun in its title.
    const mark = traced.locator('p.text mark').first();
    await mark.waitFor();
    assert.match((await mark.getAttribute('title')) ?? '', /→/);
    // The source sentence shows the original word highlighted too.
    assert.ok((await traced.locator('ul.sources mark.orig').count()) > 0);
    // Side by side: the source column is to the right of the article's sentence.
    const first = traced.first();
    const textBox = await first.locator('p.text').boundingBox();
    const srcBox = await first.locator('ul.sources').boundingBox();
    assert.ok(textBox && srcBox && srcBox.x > textBox.x + textBox.width - 5, 'source beside the sentence');
    // The switch stacks them, and back.
    await page.getByRole('button', { name: 'Stacked' }).click();
    const stacked = await first.locator('ul.sources').boundingBox();
    assert.ok(stacked && textBox && stacked.y > textBox.y + textBox.height - 5, 'source below when stacked');
    assert.equal(await page.getByRole('button', { name: 'Stacked' }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('button', { name: 'Side by side' }).click();
    // The headline verdict, the likely origin and the quotes are on the page.
    await page.locator('#unspun-h-headline').waitFor();
    await page.getByText('Likely origin:').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: false });
    await page.locator('#unspun-h-sentences').evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(ARTIFACTS, 'report-sentences.png') });
    // Follow a source to its corpus page.
    const link = first.locator('ul.sources a:not(.ext)').first();
    const title = (await link.textContent())?.trim() ?? '';
    await Promise.all([page.waitForURL(/\/articles\//), link.click()]);
    assert.equal((await page.getByRole('heading', { level: 1 }).textContent())?.trim(), title);
    await page.getByRole('heading', { name: 'Who took from it' }).waitFor();
    assert.ok(
      (await page.locator('section:has(#h-copiers) tbody tr').count()) >= 1,
      'the source lists its copiers',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'article.png') });
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('draws the copy network and opens a site from it', async () => {
    const { page, errors } = await watchedPage();
    await page.goto(`${server!.url}/network`);
    await page.locator('#graph[data-ready="true"] canvas').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'network.png') });
    assert.ok((await page.locator('table.list tbody tr').count()) >= 1);
    await page.locator('table.list tbody tr a').first().click();
    await page.getByRole('heading', { name: 'What it copies, from whom' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('works on a phone-sized screen and from the keyboard', async () => {
    const { page } = await watchedPage(390, 844);
    await page.goto(`${server!.url}/`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    // Every form control has a label.
    for (const name of ['Article text', '…or a file (.txt, .md, .html)', '…or a web address']) {
      await page.getByLabel(name).waitFor();
    }
    await page.getByLabel('Article text').fill(FARM01);
    await page.getByRole('button', { name: 'Check' }).focus();
    await Promise.all([page.waitForURL(/\/reports\//), page.keyboard.press('Enter')]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
    // One column on a narrow screen: the source is below the sentence.
    const first = page.locator('li.sentence.status-traced').first();
    const t = await first.locator('p.text').boundingBox();
    const s = await first.locator('ul.sources').boundingBox();
    assert.ok(t && s && s.y >= t.y + t.height - 2);
    await page.screenshot({ path: join(ARTIFACTS, 'report-phone.png') });
    await page.close();
  });
});

describe('a hostile corpus in Chromium', { skip: SKIP }, () => {
  const XSS = [
    '<script>window.__pwned=(window.__pwned||0)+1</script>',
    '<img src=x onerror="window.__pwned=(window.__pwned||0)+1;alert(1)">',
    '"><svg onload=alert(1)>',
    "'-alert(1)-'",
    '</textarea><script>alert(1)</script>',
    '<a href="javascript:alert(1)">click</a>',
    '<iframe srcdoc="<script>parent.alert(1)</script>">',
    '<<b>broken <i>markup',
  ];
  let hostile: RunningServer | null = null;
  const t2 = tempDir('unspun-e2e-hostile-');

  before(async () => {
    if (SKIP) return;
    const db = join(t2.dir, 'hostile.db');
    const engine = createEngine({ store: db });
    const body = (n: number) =>
      `The harbour board ${XSS[n % XSS.length]} said on Monday that the north pier would close for repairs until June. ` +
      `Fishing crews were told to use the south basin, which the board said had room for forty boats. ` +
      `"We cannot wait another winter ${XSS[(n + 1) % XSS.length]}," the board's chair told reporters. ` +
      `Repairs are expected to cost about two million crowns, paid from the port's own reserves.`;
    await engine.ingest(
      XSS.map((x, i) => ({
        id: `hostile-${i}-${x}`,
        url: i % 2 ? `javascript:alert(${i})` : `https://evil${i}.example/story?q=${encodeURIComponent(x)}`,
        site: `evil${i}.example`,
        siteName: `Evil ${x}`,
        title: `Pier closes ${x}`,
        byline: x,
        published: `2026-02-${String(i + 1).padStart(2, '0')}`,
        text: body(i),
      })),
    );
    await engine.audit();
    await engine.close();
    hostile = await startServer({ store: db, port: 0, workers: 0, rateLimit: { perMinute: 0, burst: 0 } });
  });

  after(async () => {
    await hostile?.close();
    t2.cleanup();
  });

  it('renders every page with zero script executions', async () => {
    const { page, dialogs } = await watchedPage();
    const base = hostile!.url;
    const visit = async (path: string) => {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('load');
      const injected = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
        scripts: [...document.scripts].filter((s) => !s.src.endsWith('/assets/app.js')).length,
        handlers: [...document.querySelectorAll('*')].filter((el) =>
          [...el.attributes].some((a) => a.name.startsWith('on')),
        ).length,
        jsLinks: [...document.querySelectorAll('a[href]')].filter((a) =>
          /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
        ).length,
        frames: document.querySelectorAll('iframe, svg[onload]').length,
      }));
      assert.deepEqual(injected, { pwned: 0, scripts: 0, handlers: 0, jsLinks: 0, frames: 0 }, path);
    };
    await visit('/');
    await visit('/articles');
    await visit(`/articles?q=${encodeURIComponent('<script>')}`);
    await visit('/sites');
    await visit('/network');
    const list = (await (await fetch(`${base}/api/articles?pageSize=50`)).json()) as {
      items: { id: string; site: string }[];
    };
    assert.equal(list.items.length, XSS.length);
    for (const a of list.items) {
      await visit(`/articles/${encodeURIComponent(a.id)}`);
      await visit(`/articles/${encodeURIComponent(a.id)}/check`);
      await visit(`/sites/${encodeURIComponent(a.site)}`);
    }
    // A hostile article pasted into the check form.
    await page.goto(`${base}/`);
    await page
      .getByLabel('Article text')
      .fill(
        `Pier closes ${XSS[0]}\n\n${XSS.join(' ')} The harbour board said on Monday that the north pier would close for repairs until June.`,
      );
    await page.getByLabel('…or a web address').fill('javascript:alert(1)');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Check' }).click()]);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0), 0);
    assert.deepEqual(dialogs, []);
    await page.close();
  });
});
