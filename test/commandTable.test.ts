import { describe, expect, it } from 'vitest';
import { commandSchemas } from '../src/shared/contract';
import { mergeCommands } from '../src/main/core/operator/commandTable';

/** One stand-in handler for every command of the contract, split into two modules. */
function everyCommand() {
  const names = Object.keys(commandSchemas);
  const half = Math.floor(names.length / 2);
  const handlers = (list: string[]) =>
    Object.fromEntries(list.map((name) => [name, () => ({ ok: true })]));
  return { first: handlers(names.slice(0, half)), second: handlers(names.slice(half)) };
}

describe('the command table', () => {
  it('merges modules that hold every command of the contract once', () => {
    const { first, second } = everyCommand();
    const table = mergeCommands({ first, second });
    expect(Object.keys(table).sort()).toEqual(Object.keys(commandSchemas).sort());
  });

  it('refuses to start when a command is defined twice, naming both modules', () => {
    const { first, second } = everyCommand();
    const again = { 'drafts:approve': () => ({ messageId: 1 }) };
    expect(() => mergeCommands({ first, second, sending: again })).toThrow(
      /"drafts:approve" is defined twice: in (first|second) and in sending/,
    );
  });

  it('refuses to start when a command of the contract has no handler', () => {
    const { first, second } = everyCommand();
    const withoutSend: Record<string, unknown> = { ...first, ...second };
    delete withoutSend['messages:send'];
    expect(() => mergeCommands({ all: withoutSend })).toThrow(
      /Commands of the contract with no handler: messages:send\./,
    );
  });

  it('refuses a handler for a command the contract does not have', () => {
    const { first, second } = everyCommand();
    expect(() =>
      mergeCommands({ first, second, extra: { 'messages:unsend': () => null } }),
    ).toThrow(/"messages:unsend" \(in extra\) is not in the contract/);
  });
});
