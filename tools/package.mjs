// Builds the npm package: dist/privscan-VERSION.tgz (`npm pack` layout), an
// ES module with TypeScript declarations, the wasm core and its workers
// inside, no network code. The files are the page's own (www/), so the
// package and the page run the same core the same way.
//
//   node tools/package.mjs      (after `make build`; `make package` runs both)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAGE = path.join(ROOT, 'dist', 'npm');
const version = /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];

const files = {
  'privscan.js': 'www/privscan.js',
  'privscan-check.js': 'www/privscan-check.js',
  'privscan-check.css': 'www/privscan-check.css',
  'index.d.ts': 'npm/index.d.ts',
  'README.md': 'npm/README.md',
  'scanner-client.js': 'www/scanner-client.js',
  'worker.js': 'www/worker.js',
  'worker-core.js': 'www/worker-core.js',
  'i18n/index.js': 'www/i18n/index.js',
  'i18n/dictionaries.js': 'www/i18n/dictionaries.js',
  'pkg/privscan.js': 'www/pkg/privscan.js',
  'pkg/privscan_bg.wasm': 'www/pkg/privscan_bg.wasm',
  'report.schema.json': 'docs/report.schema.json',
};
for (const src of Object.values(files)) {
  if (!fs.existsSync(path.join(ROOT, src))) {
    console.error(`${src} is missing: run \`make build\` first`);
    process.exit(2);
  }
}
fs.rmSync(STAGE, { recursive: true, force: true });
for (const [to, from] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(STAGE, to)), { recursive: true });
  fs.copyFileSync(path.join(ROOT, from), path.join(STAGE, to));
}
const pkg = {
  name: 'privscan',
  version,
  description: 'Finds personal data in a table before it is shared, and masks it — in the browser, in WebAssembly workers; nothing leaves the machine.',
  type: 'module',
  main: './privscan.js',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './privscan.js' },
    './check': './privscan-check.js',
    './report.schema.json': './report.schema.json',
  },
  files: Object.keys(files),
  sideEffects: false,
  keywords: ['privacy', 'pii', 'anonymisation', 'k-anonymity', 'pipl', 'gdpr', 'csv', 'webassembly'],
};
fs.writeFileSync(path.join(STAGE, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
const out = execFileSync('npm', ['pack', '--pack-destination', path.join(ROOT, 'dist'), '--json'], { cwd: STAGE }).toString();
const [{ filename, size }] = JSON.parse(out);
console.log(`dist/${filename}: ${size} bytes`);
