/**
 * The operator service: the transport-neutral face of the core. Electron IPC (src/main/index.ts)
 * and the serve-mode HTTP/WebSocket bridge (./httpBridge.ts) both call `invoke` and `subscribe`;
 * neither knows what a command does.
 */
import {
  commandSchemas,
  type CommandError,
  type CommandInput,
  type CommandName,
  type CommandResult,
} from '../../../shared/contract';
import type { EventListener } from '../../../shared/events';

export type CommandHandlers = {
  [C in CommandName]: (input: CommandInput<C>) => CommandResult<C> | Promise<CommandResult<C>>;
};

/** A refusal the operator should read: thrown by handlers, turned into a CommandError. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly kind: CommandError['kind'] = 'failed',
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}

export interface OperatorService {
  /** Validates `payload` against the command's schema, runs the handler. Throws CommandFailure. */
  invoke(command: string, payload: unknown): Promise<unknown>;
  /** Receives every pushed event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

const isCommandName = (name: string): name is CommandName =>
  Object.prototype.hasOwnProperty.call(commandSchemas, name);

/** Turns any thrown value into the error shape transports send back. */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandFailure) return { kind: error.kind, message: error.message };
  return {
    kind: 'failed',
    message:
      'Something went wrong inside Switchboard. Try again; if it keeps happening, check the logs.',
  };
}

export function createOperatorService(
  handlers: CommandHandlers,
  events: { subscribe(listener: EventListener): () => void },
): OperatorService {
  return {
    async invoke(command, payload) {
      if (!isCommandName(command)) {
        throw new CommandFailure(`Unknown command "${command}".`, 'unknown-command');
      }
      const parsed = commandSchemas[command].safeParse(payload ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        throw new CommandFailure(`${where}${issue?.message ?? 'invalid request'}`, 'invalid');
      }
      const handler = handlers[command] as (input: unknown) => unknown;
      return await handler(parsed.data);
    },
    subscribe: (listener) => events.subscribe(listener),
  };
}
