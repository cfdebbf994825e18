import { describe, expect, it, onTestFinished } from 'vitest';
import { chromium } from 'playwright-core';
import { useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';
import { SchedulePing } from '../documents/jobs.ts';
import { makeJobDueNow } from '../helpers/jobs.ts';
import { CHROMIUM_PATH } from '../setup/services.ts';

/**
 * GraphiQL as a person uses it: Debian's Chromium opens /graphql with every request to another
 * host refused (these machines have no internet; yoga's stock page would load its JS from unpkg),
 * runs a subscription from the editor, and shows the job's events as they happen, over graphql-ws.
 */
describe('GraphiQL in a browser', () => {
  let apiKey: string | undefined;
  const t = useTestApp({ graphiqlHeaders: () => (apiKey ? { Authorization: `Bearer ${apiKey}` } : undefined) });

  it('renders offline and streams a subscription over graphql-ws', async () => {
    apiKey = t.key;
    // An hour ahead: the job stays QUEUED while the page (9 MB of inlined GraphiQL) loads and
    // subscribes, however long that takes; once QUEUED is shown, the test makes it due.
    const at = new Date(Date.now() + 3_600_000);
    const scheduled = await gql(t.app.url, t.key, SchedulePing, { input: { at: at.toISOString(), message: 'from GraphiQL' } });
    if (scheduled.schedulePing.__typename !== 'SchedulePingSuccess') throw new Error(scheduled.schedulePing.__typename);
    const jobId = scheduled.schedulePing.data.id;

    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      // Without the background-networking flags Chromium keeps dialling Google's hosts (env notes).
      args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    onTestFinished(() => browser.close());
    const context = await browser.newContext();
    const appHost = new URL(t.app.url).host;
    const refused: string[] = [];
    await context.route('**/*', (route) => {
      if (new URL(route.request().url()).host === appHost) return route.continue();
      refused.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const sockets: string[] = [];
    const streams: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    page.on('request', (request) => {
      if ((request.headers()['accept'] ?? '').includes('text/event-stream')) streams.push(request.url());
    });
    await page.goto(`${t.app.url}/graphql`);
    // Replace the editor's welcome text with the subscription, as pasted (insertText skips the
    // editor's bracket auto-closing that typing key by key would trigger).
    await page.locator('.graphiql-query-editor').click({ timeout: 60_000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(`subscription { jobProgress(jobId: "${jobId}") { status job { status result } } }`);
    await page.locator('.graphiql-execute-button').click();
    // The result pane as shown (the editor draws spaces as no-break spaces).
    const shown = async () => (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
    await expect.poll(shown, { timeout: 30_000 }).toContain('"status": "QUEUED"');
    await makeJobDueNow(t.app, jobId); // seen live, before the job ran
    await expect.poll(shown, { timeout: 60_000 }).toContain('"status": "SUCCEEDED"');
    expect(await shown()).toContain('"message": "from GraphiQL"');

    expect(sockets).toEqual([`${t.app.url.replace(/^http/, 'ws')}/graphql`]);
    expect(streams).toEqual([]);
    expect(refused).toEqual([]);
  }, 120_000);
});
