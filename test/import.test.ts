import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { listAudit } from '../src/main/core/store/audit';
import type { ContactImportResult } from '../src/shared/types';
import { invoke } from './support/appSignals';
import { inboundParams, postSigned } from './support/signedRequests';
import { startTestApp } from './support/testApp';

const contactCount = (app: App) =>
  (app.db.prepare('SELECT COUNT(*) AS n FROM contacts').get() as { n: number }).n;

describe('contacts CSV import', () => {
  let app: App;
  let stop: () => Promise<void>;
  beforeEach(async () => {
    ({ app, stop } = await startTestApp(
      { SWITCHBOARD_COUNTRY: 'US' },
      { jobHandlers: { draft: undefined } },
    ));
  });
  afterEach(() => stop());

  const importCsv = (csv: string) => invoke<ContactImportResult>(app, 'contacts:import', { csv });

  it('imports every row, normalizing numbers, and fills in contacts that already exist', async () => {
    await postSigned(app.webhook.url, '/webhooks/twilio/sms', inboundParams({ From: '+14155550100' }), app.simulator!.authToken); // prettier-ignore
    const csv =
      '\uFEFFName,Phone,Tags,Notes\r\n' +
      'Ada Lovelace,(415) 555-0100,vip; regular,"Prefers mornings,\nnever Sundays"\r\n' +
      'Bob,+44 20 7946 0958,,\r\n' +
      '\r\n' +
      '"Chloé ""Chef"" Martin",212-555-0123,catering|vip,\r\n';
    const result = await importCsv(csv);
    expect(result).toEqual({ imported: 2, updated: 1, errors: [] });
    const ada = await invoke<{ name: string; tags: string[]; notes: string; address: string }>(
      app,
      'contacts:get',
      {
        contactId: (
          app.db.prepare(`SELECT id FROM contacts WHERE address = '+14155550100'`).get() as {
            id: number;
          }
        ).id,
      },
    );
    expect(ada).toMatchObject({
      name: 'Ada Lovelace',
      tags: ['vip', 'regular'],
      notes: 'Prefers mornings,\nnever Sundays',
    });
    const numbers = (app.db.prepare('SELECT address, name FROM contacts ORDER BY address').all() as Array<{ address: string; name: string }>); // prettier-ignore
    expect(numbers).toEqual([
      { address: '+12125550123', name: 'Chloé "Chef" Martin' },
      { address: '+14155550100', name: 'Ada Lovelace' },
      { address: '+442079460958', name: 'Bob' },
    ]);
    expect(listAudit(app.db, 1)[0]).toMatchObject({ action: 'contacts.imported' });
  });

  it('reports each bad row by line and imports nothing', async () => {
    const before = contactCount(app);
    const csv = [
      'name,number,tags,notes',
      'Good One,415-555-0101,,', // line 2: fine
      'No Number,,,', // line 3
      'Letters,call me maybe,,', // line 4
      'Too short,123,,', // line 5
      '"Multi', // line 6: a quoted field spanning two lines, fine
      'line",415-555-0102,,',
      'Dup,(415) 555-0101,,', // line 8: same number as line 2
      'Extra,415-555-0103,a,b,c', // line 9: too many fields
    ].join('\n');
    const result = await importCsv(csv);
    expect(result.imported).toBe(0);
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 8, 9]);
    expect(result.errors[3]!.reason).toMatch(/already on line 2/);
    expect(contactCount(app)).toBe(before);
  });

  it('explains a file it cannot read', async () => {
    expect((await importCsv('name,tags\nAda,vip\n')).errors).toEqual([
      { line: 1, reason: 'The first row must name the columns, with one called "number".' },
    ]);
    expect((await importCsv('name,number\n"Ada,415-555-0100\n')).errors[0]).toMatchObject({
      line: 2,
    });
    expect((await importCsv('')).errors[0]).toMatchObject({
      line: 1,
      reason: 'The file is empty.',
    });
    expect((await importCsv('name,number\n"Ada"x,415\n')).errors[0]).toMatchObject({ line: 2 });
  });
});
