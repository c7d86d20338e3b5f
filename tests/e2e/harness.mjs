// Shared set-up for the end-to-end tests and the browser benchmark: Debian's
// Chromium driven by playwright-core, the page served by tools/serve.mjs on a
// free 127.0.0.1 port, and every request the browser context makes recorded
// (the context sees requests from dedicated workers and service workers too).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';
import Ajv2020 from 'ajv/dist/2020.js';
import assert from 'node:assert/strict';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'release', 'privscan');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium with a fresh profile. Returns { browser, context,
 * requests, close }. `requests` lists every URL the context asked for. */
export async function launch({ locale = 'en-US', colorScheme = 'light', serviceWorkers = 'allow' } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'privscan-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale,
    colorScheme,
    serviceWorkers,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  return {
    context,
    requests,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves a directory (default www/) on 127.0.0.1; resolves to { url, close }. */
export async function serve(dir = path.join(ROOT, 'www')) {
  const server = await startServer(dir, 0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}

/** A synthetic table from `privscan generate` written to a temp file. */
export function generate(name, args) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privscan-e2e-'));
  const file = path.join(dir, name);
  execFileSync(BIN, ['generate', ...args, '--out', file]);
  return file;
}

/** The CLI's report for a file. */
export function cliReport(file, extra = []) {
  return assertValidReport(JSON.parse(execFileSync(BIN, ['scan', '--json', ...extra, file], { maxBuffer: 256 << 20 }).toString()));
}

let validator = null;
/** Asserts that a report follows docs/report.schema.json; returns it. */
export function assertValidReport(report) {
  validator ??= new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'report.schema.json'), 'utf8')));
  assert.ok(validator(report), `report violates docs/report.schema.json: ${JSON.stringify(validator.errors?.slice(0, 5), null, 1)}`);
  return report;
}

/** Waits until the page shows a finished scan or an alert. */
export async function waitForOutcome(page, timeout = 60_000) {
  await page.waitForFunction(
    () => {
      const d = document.querySelector('[data-testid=download-report]');
      const a = document.querySelector('[data-testid=alert]');
      return (d && !d.disabled) || (a && !a.hidden);
    },
    null,
    { timeout },
  );
}

/** Clicks the download button and parses the downloaded report. */
export async function downloadReport(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-report]')]);
  const p = await download.path();
  return assertValidReport(JSON.parse(fs.readFileSync(p, 'utf8')));
}

/** The served page in a fresh browser, ready: { server, browser, page,
 * close }. Page errors are printed. */
export async function openPage(options = {}) {
  const server = await serve();
  const browser = await launch(options);
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready=true]');
  return {
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
