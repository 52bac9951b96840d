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
  type CommandRequest,
  type CommandResult,
} from '../../../shared/contract';
import type { EventListener } from '../../../shared/events';
import { Refusal } from '../domain/refusal';

export type CommandHandler<C extends CommandName> = (
  input: CommandInput<C>,
) => CommandResult<C> | Promise<CommandResult<C>>;

export type CommandHandlers = { [C in CommandName]: CommandHandler<C> };

export type { EventListener };

/**
 * What a command's caller receives when it did not run: the contract's `CommandError` as a thrown
 * value. Handlers throw `Refusal` (domain/refusal.ts); only this service and the transports make
 * these.
 */
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
  /**
   * Validates `payload` against the command's schema, runs the handler. Throws CommandFailure for
   * refusals; anything else it throws is a fault (transports log it and answer "failed
   * unexpectedly"). Callers inside the main process name the command and get its typed result.
   */
  invoke<C extends CommandName>(command: C, payload: CommandRequest<C>): Promise<CommandResult<C>>;
  /** Transports: the command name and payload arrive unchecked. */
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

async function run(handlers: CommandHandlers, command: string, payload: unknown): Promise<unknown> {
  if (!isCommandName(command)) {
    throw new CommandFailure(`Unknown command "${command}".`, 'unknown-command');
  }
  const parsed = commandSchemas[command].safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new CommandFailure(`${where}${issue?.message ?? 'invalid request'}`, 'invalid');
  }
  // The schema just checked the payload against this very command, which TypeScript cannot
  // follow through the union of all commands.
  const handler = handlers[command] as (input: unknown) => unknown;
  try {
    return await handler(parsed.data);
  } catch (error) {
    // The one place a refusal becomes the contract's error; faults pass through untouched.
    if (error instanceof Refusal) throw new CommandFailure(error.message, error.kind);
    throw error;
  }
}

export function createOperatorService(
  handlers: CommandHandlers,
  events: { subscribe(listener: EventListener): () => void },
): OperatorService {
  return {
    // One function serves both overloads: run() checks the name and payload at run time, which
    // is what makes the typed overload true.
    invoke: ((command: string, payload: unknown) =>
      run(handlers, command, payload)) as OperatorService['invoke'],
    subscribe: (listener) => events.subscribe(listener),
  };
}
