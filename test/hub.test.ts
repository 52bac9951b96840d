import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { startSimulator } from '../src/main/core/simulator';
import type {
  ConversationSummary,
  DraftView,
  ExportProgress,
  MessageView,
  RecordsSettingsView,
} from '../src/shared/types';
import { DEFAULT_REPLY, startFakeOpenAI } from './support/fakeOpenAI';
import { operatorClient } from './support/operatorClient';
import { startServeProcess } from './support/serveProcess';
import { inboundParams, postSigned } from './support/signedRequests';
import { freshPostgresUrl, storeEngines } from './support/storeEngines';
import { makeTempDir } from './support/tempDir';

const BUSINESS = '+15005550006';
const CUSTOMER = '+14155550100';
const HUB_TOKEN = 'a-hub-token-of-forty-characters-0123456';
const postgres = storeEngines.find((engine) => engine.name === 'postgres')!;

describe.skipIf(postgres.skip !== undefined)(
  `npm run hub on PostgreSQL${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`,
  () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('takes a signed text, shows it behind the token, and sends the approved reply', async () => {
      const sim = await startSimulator({ phoneNumbers: [{ phoneNumber: BUSINESS }] });
      cleanups.push(() => sim.close());
      const data = makeTempDir();
      cleanups.push(data.cleanup);
      // The model drafts (an OpenAI-compatible stand-in on loopback).
      const model = await startFakeOpenAI();
      cleanups.push(() => model.close());
      const databaseUrl = freshPostgresUrl();

      const hub = await startServeProcess(
        {
          DATABASE_URL: databaseUrl,
          SWITCHBOARD_HUB_TOKEN: HUB_TOKEN,
          SWITCHBOARD_DATA_DIR: data.path,
          SWITCHBOARD_WEBHOOK_PORT: '0',
          SWITCHBOARD_OPERATOR_PORT: '0',
          TWILIO_ACCOUNT_SID: sim.accountSid,
          TWILIO_AUTH_TOKEN: sim.authToken,
          TWILIO_PHONE_NUMBER: BUSINESS,
          SWITCHBOARD_TWILIO_API_URL: sim.url,
          OPENAI_API_KEY: 'sk-test',
          OPENAI_BASE_URL: model.url,
        },
        'hub',
      );
      cleanups.push(async () => {
        hub.child.kill('SIGTERM');
        await hub.exited;
      });
      expect(hub.ready).toMatchObject({ ready: true, hub: true, mode: 'live' });
      expect(JSON.stringify(hub.ready)).not.toContain(new URL(databaseUrl).password || '\0');
      expect(JSON.stringify(hub.ready)).not.toContain(HUB_TOKEN);
      sim.configureNumber(BUSINESS, {
        smsUrl: `${hub.ready.webhookUrl}/webhooks/twilio/sms`,
        statusCallback: `${hub.ready.webhookUrl}/webhooks/twilio/status`,
      });

      // Without the token: nothing.
      const anonymous = await fetch(`${hub.ready.operatorUrl}api/conversations:list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(anonymous.status).toBe(401);

      const api = operatorClient(hub.ready.operatorUrl, HUB_TOKEN);
      const drafts: DraftView[] = [];
      const sent: MessageView[] = [];
      let seen: (() => void) | undefined;
      const socket: WebSocket = await api.events((event, payload) => {
        if (event === 'draft:updated') drafts.push(payload as DraftView);
        if (event === 'message:updated' || event === 'message:added') {
          const message = payload as MessageView;
          if (message.direction === 'outbound') sent.push(message);
        }
        seen?.();
      });
      cleanups.push(() => socket.close());
      const until = (done: () => boolean) =>
        new Promise<void>((resolve) => {
          seen = () => {
            if (done()) resolve();
          };
          seen();
        });

      const params = inboundParams({ From: CUSTOMER, To: BUSINESS, Body: 'Hello' });
      const webhook = await postSigned(
        hub.ready.webhookUrl,
        '/webhooks/twilio/sms',
        params,
        sim.authToken,
        { signedBase: hub.ready.publicUrl },
      );
      expect(webhook.status).toBe(200);

      const inbox = await api.invoke<ConversationSummary[]>('conversations:list', {});
      expect(inbox).toHaveLength(1);
      expect(inbox[0]!.contact.address).toBe(CUSTOMER);
      const conversationId = inbox[0]!.id;
      const thread = await api.invoke<MessageView[]>('messages:list', { conversationId });
      expect(thread.map((m) => m.body)).toContain('Hello');

      // The model writes a reply; the operator approves it as written.
      const readyDraft = () => drafts.find((d) => d.state === 'ready');
      const listed = await api.invoke<DraftView[]>('drafts:list', { conversationId });
      drafts.push(...listed);
      await until(() => readyDraft() !== undefined);
      const draft = readyDraft()!;
      expect(draft.text).toBe(DEFAULT_REPLY);
      await api.invoke('drafts:approve', {
        draftId: draft.id,
        confirmQuietHours: true,
        confirmUnsupportedClaims: true,
      });

      await until(() => sent.some((m) => m.status === 'delivered'));
      const atCarrier = sim.messages().filter((m) => m.direction !== 'inbound');
      expect(atCarrier.map((m) => [m.to, m.body])).toEqual([[CUSTOMER, draft.text]]);
    });

    it('runs the demo on a hub: exports stream from PostgreSQL, backups are left to it', async () => {
      const data = makeTempDir();
      cleanups.push(data.cleanup);
      const hub = await startServeProcess(
        {
          DATABASE_URL: freshPostgresUrl(),
          SWITCHBOARD_HUB_TOKEN: HUB_TOKEN,
          SWITCHBOARD_DATA_DIR: data.path,
          SWITCHBOARD_WEBHOOK_PORT: '0',
          SWITCHBOARD_OPERATOR_PORT: '0',
        },
        'hub',
      );
      cleanups.push(async () => {
        hub.child.kill('SIGTERM');
        await hub.exited;
      });
      expect(hub.ready.mode).toBe('demo');
      const api = operatorClient(hub.ready.operatorUrl, HUB_TOKEN);
      const finished = new Map<string, ExportProgress>();
      let seen: (() => void) | undefined;
      const socket = await api.events((event, payload) => {
        if (event !== 'export:progress') return;
        const progress = payload as ExportProgress;
        if (progress.done) finished.set(progress.exportId, progress);
        seen?.();
      });
      cleanups.push(() => socket.close());
      const exported = (exportId: string) =>
        new Promise<ExportProgress>((resolve) => {
          seen = () => {
            const done = finished.get(exportId);
            if (done) resolve(done);
          };
          seen();
        });

      await api.invoke('simulator:textBusiness', { from: CUSTOMER, body: 'Hello from the demo' });
      const [conversation] = await api.invoke<ConversationSummary[]>('conversations:list', {});
      expect(conversation!.contact.address).toBe(CUSTOMER);

      // Exports run on a reader thread with its own PostgreSQL connection.
      const messages = await api.invoke<{ exportId: string; path: string }>('export:start', {
        what: 'messages',
        format: 'csv',
        contactIds: [conversation!.contact.id],
      });
      expect(await exported(messages.exportId)).toMatchObject({ written: 1, error: null });
      expect(readFileSync(messages.path, 'utf8')).toContain('Hello from the demo');
      const transcript = await api.invoke<{ exportId: string; path: string }>('export:start', {
        what: 'transcript',
        format: 'html',
        conversationId: conversation!.id,
      });
      expect(await exported(transcript.exportId)).toMatchObject({ error: null });
      expect(readFileSync(transcript.path, 'utf8')).toContain('Hello from the demo');

      const pgDump = "Backups of a hub are PostgreSQL's: use pg_dump or point-in-time recovery.";
      await expect(api.invoke('backup:now', {})).rejects.toThrow(pgDump);
      await expect(api.invoke('backup:list', {})).rejects.toThrow(pgDump);
      const records = await api.invoke<RecordsSettingsView>('records:getSettings', {});
      expect(records.backupsBy).toBe('postgresql');
      // Short reads run on the query thread, with its own connection too.
      const space = await api.invoke<{ bytes: number }>('records:webhookLogSpace', {});
      expect(space.bytes).toBeGreaterThan(0);
      // Health counts the database on its server (there is no file of ours to measure).
      const health = await api.invoke<{ databaseBytes: number }>('health:get', {});
      expect(health.databaseBytes).toBeGreaterThan(0);
    });
  },
);

describe('npm run hub refuses to start without what it needs', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  const failure = async (env: Record<string, string>) => {
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const error = await startServeProcess(
      { SWITCHBOARD_DATA_DIR: data.path, DATABASE_URL: '', SWITCHBOARD_HUB_TOKEN: '', ...env },
      'hub',
    ).then(
      () => new Error('the hub started'),
      (reason: unknown) => reason as Error,
    );
    return error.message;
  };

  it('says what is missing: the database, a long enough token', async () => {
    expect(await failure({ SWITCHBOARD_HUB_TOKEN: HUB_TOKEN })).toContain(
      'A hub keeps its data in PostgreSQL: set DATABASE_URL=postgres://',
    );
    const short = await failure({
      DATABASE_URL: 'postgres://switchboard:hunter2-secret@127.0.0.1:1/switchboard',
      SWITCHBOARD_HUB_TOKEN: 'too-short',
    });
    expect(short).toContain('SWITCHBOARD_HUB_TOKEN to a secret of at least 32 characters');
    expect(short).not.toContain('too-short');
    expect(short).not.toContain('hunter2-secret');
  });

  it('says it cannot reach the database, without its password', async () => {
    const message = await failure({
      DATABASE_URL: 'postgres://switchboard:hunter2-secret@127.0.0.1:1/switchboard',
      SWITCHBOARD_HUB_TOKEN: HUB_TOKEN,
    });
    expect(message).toContain(
      'Could not use the PostgreSQL database at 127.0.0.1:1/switchboard (DATABASE_URL)',
    );
    expect(message).not.toContain('hunter2-secret');
    expect(message).not.toContain(HUB_TOKEN);
  });
});
