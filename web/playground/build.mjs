// Builds the playground into server/assets/playground, where the Go binary
// embeds it: playground.js (GraphiQL, React, the explorer plugin and
// src/), playground.css (GraphiQL's and the plugin's styles with ours) and
// LICENSES.txt, the licence of every package the bundle holds. The output
// depends only on these sources and the versions pinned in
// package-lock.json, so a rebuild of an unchanged tree changes no file (CI
// checks this before the browser test).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'server', 'assets', 'playground');
mkdirSync(out, { recursive: true });

// GraphiQL names each tab by its operation; tabTitles (src/tabs.js) shows an
// example's title instead. GraphiQL takes its Tab component from
// @graphiql/react: for GraphiQL alone that import resolves to src/tabs.js,
// which passes every other export through unchanged.
const tabTitles = {
  name: 'tab-titles',
  setup(b) {
    b.onResolve({ filter: /^@graphiql\/react$/ }, (args) => {
      if (!args.importer.split(sep).join('/').includes('/node_modules/graphiql/dist/')) return undefined;
      return { path: join(here, 'src', 'tabs.js') };
    });
  },
};

const result = await build({
  absWorkingDir: here,
  entryPoints: { playground: 'src/main.jsx' },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'chokepointPlayground',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  charset: 'utf8',
  metafile: true,
  plugins: [tabTitles],
  logLevel: 'warning',
});

// The licence of every package in the bundle, in name order.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//);
  if (!m) continue;
  const dir = join(here, m[1], m[2]);
  if (!packages.has(dir)) packages.set(dir, m[2]);
}
const entries = [];
for (const [dir, name] of packages) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).filter((f) => /^(licen[cs]e|copying)/i.test(f)).sort()[0];
  if (!pkg.license) throw new Error(`${name}: no licence in ${relative(here, dir)}/package.json`);
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const text = file
    ? readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n').trim()
    : `${pkg.license}, as its package.json says; the package ships no licence file${repo ? ` (${repo})` : ''}.`;
  entries.push({ id: `${name}@${pkg.version}`, license: pkg.license, text });
}
entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
writeFileSync(
  join(out, 'LICENSES.txt'),
  'The packages bundled in playground.js and playground.css, with their licences.\n\n' +
    entries.map((e) => `${'='.repeat(78)}\n${e.id} (${e.license})\n${'='.repeat(78)}\n${e.text}\n`).join('\n'),
);

for (const f of ['playground.js', 'playground.css', 'LICENSES.txt']) {
  console.log(`${f}: ${statSync(join(out, f)).size} bytes`);
}
console.log(`${entries.length} packages`);
