// Regenerates the README's screenshots from the built page (`make build`
// first) in headless Chromium: docs/screenshot.png (a scanned demo) and
// docs/risk.png (the risk panel and the linkage demo).
//
// and docs/masking.png (the masking panel after Optimise and a masking).
//
//   node tools/screenshots.mjs
import path from 'node:path';
import { ROOT, launch, serve } from '../tests/e2e/harness.mjs';

const out = (name) => path.join(ROOT, 'docs', name);
const { context, close } = await launch({ locale: 'en-US' });
const srv = await serve();
try {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1200, height: 1380 });
  await page.goto(srv.url);
  await page.waitForSelector('html[data-ready=true]');
  await page.click('[data-demo=customers]');
  await page.waitForSelector('[data-testid=unique-examples]');
  await page.screenshot({ path: out('screenshot.png'), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: 1380 } });

  await page.click('[data-demo=clinic]');
  await page.waitForSelector('[data-testid=risk-verdict][data-k]');
  await page.click('[data-testid=link-demo]');
  await page.waitForSelector('[data-testid=link-result]');
  // The visit date off: the classic three (sex, birth date, postal code)
  // plus ethnicity.
  await page.click('[data-testid=qi-toggles] [data-column="5"]');
  await page.waitForFunction(() => !document.querySelector('[data-role=risk]').dataset.busy);
  const top = await page.$eval('[data-testid=risk-panel]', (el) => el.getBoundingClientRect().top + window.scrollY);
  const bottom = await page.$eval('[data-testid=linkage-panel]', (el) => el.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: out('risk.png'), fullPage: true, clip: { x: 0, y: top - 8, width: 1200, height: bottom - top + 16 } });
  await page.click('[data-demo=customers]');
  await page.waitForSelector('[data-testid=mask-preview]');
  await page.click('[data-testid=optimise]');
  await page.waitForSelector('[data-testid=optimum]');
  await page.click('[data-testid=apply-mask]');
  await page.waitForSelector('[data-testid=mask-result]');
  await (await page.$('[data-testid=masking-panel]')).screenshot({ path: out('masking.png') });
  console.log('docs/screenshot.png, docs/risk.png, docs/masking.png');
} finally {
  await close();
  await srv.close();
}
