/**
 * A real browser on a built report: Debian's Chromium, headless, as a course author's double-click or link would
 * open it. `renderedDom` is the page's DOM once its scripts have run (redirects followed, the app drawn).
 * The flags keep Chromium off the network it would otherwise reach for at start (this machine's is closed).
 */
import { execa } from 'execa';
import { tempDir } from './tempDir.ts';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function renderedDom(url: string, budgetMs = 10_000): Promise<string> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${tempDir('labgate-chromium-')}`,
    `--virtual-time-budget=${budgetMs}`,
    '--dump-dom',
    url,
  ];
  const r = await execa(CHROMIUM, args, { reject: false, timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  if (r.exitCode !== 0 || !r.stdout) throw new Error(`chromium could not render ${url}: ${r.stderr.split('\n')[0]}`);
  return r.stdout;
}
