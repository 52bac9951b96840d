/**
 * Every operator command, one module per contract namespace (./commands/<namespace>.ts), merged
 * into one table that refuses at start to hold a command twice or to miss one (commandTable.ts).
 * Validation already happened in the operator service; handlers refuse with `Refusal`.
 */
import type { HandlerDeps } from './commandDeps';
import { mergeCommands } from './commandTable';
import { appCommands } from './commands/app';
import { attachmentsCommands } from './commands/attachments';
import { backupCommands } from './commands/backup';
import { contactsCommands } from './commands/contacts';
import { conversationsCommands } from './commands/conversations';
import { credentialsCommands } from './commands/credentials';
import { draftingCommands } from './commands/drafting';
import { draftsCommands } from './commands/drafts';
import { exportCommands } from './commands/export';
import { healthCommands } from './commands/health';
import { jobsCommands } from './commands/jobs';
import { knowledgeCommands } from './commands/knowledge';
import { logsCommands } from './commands/logs';
import { messagesCommands } from './commands/messages';
import { notifyCommands } from './commands/notify';
import { numbersCommands } from './commands/numbers';
import { recordsCommands } from './commands/records';
import { retentionCommands } from './commands/retention';
import { searchCommands } from './commands/search';
import { settingsCommands } from './commands/settings';
import { setupCommands } from './commands/setup';
import { simulatorCommands } from './commands/simulator';
import { translateCommands } from './commands/translate';
import { templatesCommands } from './commands/templates';
import { tunnelCommands } from './commands/tunnel';
import type { CommandHandlers } from './service';

export type { HandlerDeps, RecordsDeps } from './commandDeps';

export function createCommandHandlers(deps: HandlerDeps): CommandHandlers {
  return mergeCommands({
    app: appCommands(deps),
    conversations: conversationsCommands(deps),
    messages: messagesCommands(deps),
    attachments: attachmentsCommands(deps),
    drafts: draftsCommands(deps),
    templates: templatesCommands(deps),
    drafting: draftingCommands(deps),
    contacts: contactsCommands(deps),
    search: searchCommands(deps),
    settings: settingsCommands(deps),
    simulator: simulatorCommands(deps),
    health: healthCommands(deps),
    jobs: jobsCommands(deps),
    tunnel: tunnelCommands(deps),
    numbers: numbersCommands(deps),
    setup: setupCommands(deps),
    credentials: credentialsCommands(deps),
    knowledge: knowledgeCommands(deps),
    records: recordsCommands(deps.records),
    export: exportCommands(deps.records),
    backup: backupCommands(deps.records),
    retention: retentionCommands(deps.records),
    logs: logsCommands(deps.records),
    notify: notifyCommands(deps),
    translate: translateCommands(deps),
  });
}
