// Working without a server: the service worker's offline copy of the served
// page, and dist/privscan.html opened from file:// with no request at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, launch, serve, generate, cliReport, waitForOutcome, downloadReport } from './harness.mjs';

test('the served page keeps working offline', { timeout: 120_000 }, async () => {
  const server = await serve();
  const b = await launch();
  try {
    const page = await b.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=offline-status]:not([hidden])');
    assert.equal(await page.textContent('[data-testid=offline-status]'), 'Ready to work offline');
    // Offline and with the server gone: the page, the worker and the wasm
    // all come from the versioned cache.
    await server.close();
    await b.context.setOffline(true);
    await page.reload();
    await page.waitForSelector('html[data-ready=true]');
    const file = generate('offline.csv', ['--rows', '300', '--headers', 'en', '--seed', '31']);
    await page.setInputFiles('[data-testid=file-input]', file);
    await waitForOutcome(page);
    assert.equal(await page.isHidden('[data-testid=alert]'), true, await page.textContent('[data-testid=alert]'));
    assert.deepEqual(await downloadReport(page), cliReport(file));
    const caches = await page.evaluate(() => caches.keys());
    assert.equal(caches.length, 1);
    assert.match(caches[0], /^privscan-[0-9a-f]{16}$/);
  } finally {
    await b.close();
    await server.close().catch(() => {});
  }
});

test('dist/privscan.html scans from file:// with no request at all', { timeout: 120_000 }, async () => {
  const dist = path.join(ROOT, 'dist', 'privscan.html');
  assert.ok(fs.existsSync(dist), 'run make dist first');
  const b = await launch();
  try {
    const page = await b.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(dist).href);
    await page.waitForSelector('html[data-ready=true]');
    assert.equal(await page.textContent('[data-testid=offline-status]'), 'Single-file copy: works without a server');

    const file = generate('usb.csv', ['--rows', '600', '--headers', 'zh', '--decoys', '--encoding', 'utf-16le', '--seed', '32']);
    await page.setInputFiles('[data-testid=file-input]', file);
    await waitForOutcome(page);
    assert.deepEqual(await downloadReport(page), cliReport(file));

    await page.click('[data-demo=customers]');
    await waitForOutcome(page);
    assert.match(await page.textContent('[data-testid=verdict]'), /identifies people/);
    assert.deepEqual(errors, []);

    const page_ = pathToFileURL(dist).href;
    const other = b.requests.filter((u) => u !== page_ && !/^(blob|data):/.test(u));
    assert.deepEqual(other, [], 'only the file itself, blob: and data: URLs');
    assert.ok(b.requests.some((u) => u.startsWith('blob:')), 'the worker started from a Blob URL');
  } finally {
    await b.close();
  }
});
