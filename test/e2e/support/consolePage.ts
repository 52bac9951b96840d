/** Locators and actions for the operator console, so specs read as what the operator does. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** How the console shows a stored E.164 number ("+14155550100" → "+1 415 555 0100"). */
export function shown(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

const screenshotDir = resolve(import.meta.dirname, '../../../test-results/screenshots');

export class ConsolePage {
  readonly demoBadge: Locator;
  readonly connectionStatus: Locator;
  readonly inbox: Locator;
  readonly inboxEmpty: Locator;
  readonly rows: Locator;
  /** The header's "N unread" across every conversation. */
  readonly unreadTotal: Locator;
  readonly thread: Locator;
  readonly threadTitle: Locator;
  readonly messages: Locator;
  readonly customerNumber: Locator;
  readonly customerMessage: Locator;
  readonly textTheBusiness: Locator;
  readonly simulatorError: Locator;
  readonly signedOut: Locator;
  /** Every operator command the page sent, in order (recorded from before the first load). */
  readonly commands: string[] = [];

  constructor(readonly page: Page) {
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/')) this.commands.push(decodeURIComponent(path.slice(5)));
    });
    this.demoBadge = page.getByTestId('demo-badge');
    this.connectionStatus = page.getByTestId('connection-status');
    this.inbox = page.getByRole('navigation', { name: 'Conversations' });
    this.inboxEmpty = page.getByTestId('inbox-empty');
    this.rows = page.getByTestId('conversation-row');
    this.unreadTotal = page.getByTestId('unread-total');
    this.thread = page.getByTestId('thread');
    this.threadTitle = page.getByTestId('thread-title');
    this.messages = page.getByTestId('message');
    this.customerNumber = page.getByRole('textbox', { name: 'Customer number' });
    this.customerMessage = page.getByRole('textbox', { name: 'Customer message' });
    this.textTheBusiness = page.getByRole('button', { name: 'Text the business' });
    this.simulatorError = page.getByTestId('simulator-error');
    this.signedOut = page.getByTestId('signed-out');
  }

  /** The inbox row of a conversation, by contact name or by E.164 number. */
  row(text: string): Locator {
    return this.rows.filter({ hasText: /^\+\d+$/.test(text) ? shown(text) : text });
  }

  async textBusiness(from: string, body: string): Promise<void> {
    await this.customerNumber.fill(from);
    await this.customerMessage.fill(body);
    await this.textTheBusiness.click();
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: resolve(screenshotDir, `${name}.png`) });
  }
}
