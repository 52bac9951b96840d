import { ConsolePage, shown } from './support/consolePage';
import { expect, test } from './support/serve';

test('a customer text appears live in the inbox and the thread', async ({
  consolePage: app,
  page,
}) => {
  await expect(app.demoBadge).toHaveText('Demo mode');
  await expect(app.inboxEmpty).toHaveText(
    'No conversations yet. In demo mode, use the Simulator panel to text the business.',
  );
  // The token leaves the address bar as soon as the page has it.
  expect(page.url()).not.toContain('token=');
  await app.screenshot('01-empty-inbox');

  await app.textBusiness('+1 415 555 0100', 'Hi, are you open on Saturday?');
  const row = app.row('+14155550100');
  await expect(row).toBeVisible();
  await expect(row.getByTestId('conversation-preview')).toHaveText('Hi, are you open on Saturday?');
  await expect(row.getByTestId('unread-count')).toHaveText('1 unread');
  await expect(page).toHaveTitle('(1) Switchboard');
  await expect(app.customerMessage).toHaveValue('');
  await app.screenshot('02-first-text');

  await app.textBusiness('+1 415 555 0100', 'Also, can I bring my dog?');
  await expect(row.getByTestId('conversation-preview')).toHaveText('Also, can I bring my dog?');
  await expect(row.getByTestId('unread-count')).toHaveText('2 unread');
  await expect(app.rows).toHaveCount(1);
  await expect(page).toHaveTitle('(2) Switchboard');

  await row.click();
  await expect(app.threadTitle).toHaveText(shown('+14155550100'));
  await expect(app.messages).toContainText([
    'Hi, are you open on Saturday?',
    'Also, can I bring my dog?',
  ]);
  await expect(row.getByTestId('unread-count')).toHaveCount(0);
  await expect(page).toHaveTitle('Switchboard');

  // With the thread open, a new text lands in it and is read at once.
  await app.textBusiness('+1 415 555 0100', 'Thanks!');
  await expect(app.messages).toHaveCount(3);
  await expect(app.messages.last()).toContainText('Thanks!');
  await expect(row.getByTestId('unread-count')).toHaveCount(0);
  await expect(page).toHaveTitle('Switchboard');

  // A second customer gets a row of their own, on top.
  await app.textBusiness('+1 212 555 0199', 'Do you deliver to Brooklyn?');
  await expect(app.rows).toHaveCount(2);
  await expect(app.rows.first()).toContainText(shown('+12125550199'));
  await expect(page).toHaveTitle('(1) Switchboard');
  await app.screenshot('03-thread-open');

  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('04-thread-open-dark');

  // Everything after the first load came from pushed events: the inbox was listed once.
  expect(app.commands.filter((name) => name === 'conversations:list')).toHaveLength(1);
});

test('a bad customer number shows a readable error', async ({ consolePage: app }) => {
  await expect(app.demoBadge).toBeVisible();
  await app.textBusiness('hello', 'Hi');
  await expect(app.simulatorError).toBeVisible();
  await expect(app.simulatorError).toContainText('not a phone number');
  await expect(app.customerNumber).toHaveAttribute('aria-invalid', 'true');
  await expect(app.rows).toHaveCount(0);
  await app.screenshot('05-bad-number');

  // The error goes away once a send succeeds.
  await app.textBusiness('+1 415 555 0100', 'Hi');
  await expect(app.simulatorError).toHaveCount(0);
  await expect(app.rows).toHaveCount(1);
});

test('the console says it is reconnecting when the server goes away', async ({
  consolePage: app,
  serveMode,
}) => {
  await expect(app.demoBadge).toBeVisible();
  await serveMode.stop();
  await expect(app.connectionStatus).toHaveText('Reconnecting…');
  await app.screenshot('06-reconnecting');
});

test('without the access token the console shows how to get in', async ({ page, serveMode }) => {
  await page.goto(new URL('/', serveMode.operatorUrl).href);
  await expect(page.getByTestId('signed-out')).toContainText('npm run serve');
});

test('the sign-in screen takes a token once, says when it is wrong, and keeps it for the tab', async ({
  page,
  serveMode,
}) => {
  // A hub's console signs in this way; serve mode's per-run token is accepted the same way.
  const token = new URL(serveMode.operatorUrl).searchParams.get('token')!;
  const app = new ConsolePage(page);
  await page.goto(new URL('/', serveMode.operatorUrl).href);
  await page.getByLabel('Hub token').fill('not-the-token-not-the-token-not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('token-refused')).toHaveText(
    'That token was not accepted. Check it and try again.',
  );
  await app.screenshot('0b-sign-in-refused');
  await page.getByLabel('Hub token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(app.demoBadge).toBeVisible();
  expect(page.url()).not.toContain(token);
  await page.reload();
  await expect(app.demoBadge).toBeVisible();
});

test('the title and the tab counts include conversations the inbox has not loaded', async ({
  serveMode,
  page,
}) => {
  // 201 customers text before the console opens; the inbox loads the newest 200 at first.
  const customers = Array.from({ length: 201 }, (_, i) => `+1415555${2000 + i}`);
  for (let start = 0; start < customers.length; start += 25) {
    await Promise.all(
      customers
        .slice(start, start + 25)
        .map((from) => serveMode.command('simulator:textBusiness', { from, body: 'Hello?' })),
    );
  }
  const app = new ConsolePage(page);
  await page.goto(serveMode.operatorUrl);
  await expect(page).toHaveTitle('(201) Switchboard');
  await expect(app.unreadTotal).toHaveText('201 unread');
  const needsReply = page.getByTestId('inbox-filter-needs-reply');
  await expect(needsReply.getByTestId('inbox-filter-count')).toHaveText('201');
  await app.screenshot('0a-many-unread');

  // Reading one brings the total down by one, at once.
  await app.rows.first().click();
  await expect(page).toHaveTitle('(200) Switchboard');
  await expect(app.unreadTotal).toHaveText('200 unread');
});

test('the tab counts follow the core’s pushes: after loading, the console asks for none', async ({
  serveMode,
  page,
}) => {
  await serveMode.command('simulator:textBusiness', { from: '+14155552300', body: 'Hello?' });
  const app = new ConsolePage(page);
  await page.goto(serveMode.operatorUrl);
  const needsReply = page.getByTestId('inbox-filter-needs-reply');
  await expect(needsReply.getByTestId('inbox-filter-count')).toHaveText('1');
  await expect(app.unreadTotal).toHaveText('1 unread');
  const asked = () => app.commands.filter((c) => c === 'conversations:counts').length;
  // Once per connection, a moment after the first page of the inbox.
  await expect.poll(asked).toBe(1);

  // Updates that change no count (the contact renamed, again and again): no question.
  const [conversation] = (await serveMode.command('conversations:list', {})) as Array<{
    contact: { id: number };
  }>;
  for (const name of ['Ana', 'Ana P', 'Ana Pérez']) {
    await serveMode.command('contacts:update', { contactId: conversation!.contact.id, name });
  }
  await expect(app.rows.first()).toContainText('Ana Pérez');

  // A new text moves the counts: they arrive pushed, still without a question.
  await serveMode.command('simulator:textBusiness', { from: '+14155552301', body: 'Hi' });
  await expect(needsReply.getByTestId('inbox-filter-count')).toHaveText('2');
  await expect(app.unreadTotal).toHaveText('2 unread');
  expect(asked()).toBe(1);
});
