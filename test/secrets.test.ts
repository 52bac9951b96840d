import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRootLogger } from '../src/main/core/log';
import { startSimulator } from '../src/main/core/simulator';
import { getMessageBySid } from '../src/main/core/store/messages';
import type { CredentialCheck, NumberList, TunnelStatus } from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { draftWhen } from './support/draftSignals';
import { startFakeOpenAI } from './support/fakeOpenAI';
import { FakeTunnelSdk } from './support/fakeTunnel';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';

const BUSINESS = '+15005550006';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('secrets never leave the secret store', () => {
  it('after a full live session, no secret is in the data folder, the log, exports, or anything sent to the UI', async () => {
    const secrets = {
      twilio: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      openai: 'sk-proj-SECRETOPENAIKEY0123456789',
      ngrok: '2abcNGROKSECRETTOKEN_0123456789xyz',
    };
    const sim = await startSimulator({
      authToken: secrets.twilio,
      phoneNumbers: [{ phoneNumber: BUSINESS }],
      callbackDelayMs: 5,
    });
    cleanups.push(() => sim.close());
    const ai = await startFakeOpenAI({ models: ['gpt-4o-mini'] });
    cleanups.push(() => ai.close());
    const sdk = new FakeTunnelSdk();
    cleanups.push(() => sdk.closeAll());
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const logFile = join(data.path, 'logs', 'switchboard.log');
    const logger = createRootLogger({ level: 'trace', file: logFile });

    const { app, stop } = await startTestApp(
      {
        TWILIO_ACCOUNT_SID: sim.accountSid,
        TWILIO_AUTH_TOKEN: secrets.twilio,
        TWILIO_PHONE_NUMBER: BUSINESS,
        SWITCHBOARD_TWILIO_API_URL: sim.url,
        OPENAI_API_KEY: secrets.openai,
        OPENAI_BASE_URL: ai.url,
        NGROK_AUTHTOKEN: secrets.ngrok,
        SWITCHBOARD_LOG_LEVEL: 'trace',
      },
      { logger, tunnelSdk: sdk, timings: { tunnelBackoff: { baseMs: 5, maxMs: 20 } } },
      data.path,
    );
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : stop()));

    // Everything the UI could see: command results and pushed events.
    const toUi: unknown[] = [];
    app.events.subscribe((event, payload) => toUi.push({ event, payload }));
    const call = async (command: string, payload: unknown) => {
      const result = await invoke(app, command, payload);
      toUi.push({ command, result });
      return result;
    };

    // Go live: tunnel (from NGROK_AUTHTOKEN), the number pointed at it, checks, self-test.
    const tunnel =
      app.goLive.tunnelStatus().state === 'online'
        ? app.goLive.tunnelStatus()
        : await app.events.once('tunnel:changed', (s: TunnelStatus) => s.state === 'online');
    expect(sdk.opened[0]!.authtoken).toBe(secrets.ngrok);
    const numbers = (await call('numbers:list', {})) as NumberList;
    await call('numbers:connect', { phoneNumberSid: numbers.numbers[0]!.sid });
    const checks = (await call('credentials:check', {})) as CredentialCheck[];
    expect(checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect(await call('setup:selfTest', {})).toMatchObject({ ok: true });
    // WhatsApp's step: the sandbox's instructions and the senders list reach the UI too.
    await call('numbers:whatsapp', {});
    await call('numbers:useSandbox', { joinCode: 'join amber-otter' });

    // A customer texts through the tunnel, a model drafts, the operator approves, it is delivered.
    const { sid, webhookStatus } = await sim.textBusiness({
      from: '+14155550100',
      body: 'Open Saturday?',
    });
    expect(webhookStatus).toBe(200);
    const inbound = getMessageBySid(app.db, sid)!;
    const draft = await draftWhen(
      app,
      () => inbound.conversationId,
      (d) => d.state === 'ready',
    );
    const { messageId } = (await call('drafts:approve', { draftId: draft.id })) as {
      messageId: number;
    };
    await messageWhen(app, messageId, (m) => m.status === 'delivered');
    await call('settings:get', {});
    await call('health:get', {});
    await call('drafts:list', { conversationId: inbound.conversationId });
    await call('messages:list', { conversationId: inbound.conversationId });
    expect(tunnel.url).toBe(app.publicUrl());
    // Exports land in <data folder>/exports: the webhook log carries raw requests and headers.
    for (const what of ['webhookLog', 'auditLog', 'messages', 'conversations'] as const) {
      const started = (await call('export:start', { what, format: 'jsonl' })) as {
        exportId: string;
      };
      await app.events.once('export:progress', (p) => p.exportId === started.exportId && p.done);
    }

    await stop();
    stopped = true;
    logger.flush();

    const files = filesUnder(data.path);
    expect(files).toContain(logFile);
    expect(files.some((f) => f.endsWith('switchboard.db'))).toBe(true);
    expect(files.filter((f) => f.includes(join(data.path, 'exports'))).length).toBe(4);
    const ui = JSON.stringify(toUi);
    for (const [name, secret] of Object.entries(secrets)) {
      for (const file of files) {
        const bytes = readFileSync(file);
        expect(bytes.includes(Buffer.from(secret)), `${name} secret found in ${file}`).toBe(false);
      }
      expect(ui.includes(secret), `${name} secret sent to the UI`).toBe(false);
    }
    // The log file was really written to (the grep is not vacuous).
    expect(readFileSync(logFile, 'utf8')).toMatch(/tunnel online/);
  });
});
