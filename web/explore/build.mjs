// Builds the explorer into server/assets/explore, where the Go binary embeds
// it: explore.js and explore.css, minified, and the licence of what they
// bundle. The output depends only on these sources and the versions pinned
// in package-lock.json, so a rebuild of an unchanged tree changes no file
// (CI checks this before the browser test).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'server', 'assets', 'explore');
mkdirSync(out, { recursive: true });

await build({
  absWorkingDir: here,
  entryPoints: { explore: 'src/main.js' },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  loader: { '.graphql': 'text' },
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
});
copyFileSync(join(here, 'node_modules', 'cytoscape', 'LICENSE'), join(out, 'LICENSE-cytoscape'));

for (const f of ['explore.js', 'explore.css']) {
  console.log(`${f}: ${statSync(join(out, f)).size} bytes`);
}
