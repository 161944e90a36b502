import { describe, expect, it } from 'vitest';
import { settleAll } from '../../src/settle-all';

const after = async <T>(ms: number, value: T, fail = false): Promise<T> => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (fail) throw new Error(String(value));
  return value;
};

describe('settleAll', () => {
  it('resolves with every value, in order', async () => {
    expect(await settleAll([after(5, 'a'), after(1, 'b')])).toEqual(['a', 'b']);
  });

  it('rejects with the first failure only after every promise settled (Promise.all would not wait)', async () => {
    const finished: string[] = [];
    const slow = after(30, 'slow').then((value) => {
      finished.push(value);
      return value;
    });

    await expect(settleAll([after(1, 'boom', true), slow])).rejects.toThrow('boom');

    expect(finished).toEqual(['slow']);
  });
});
