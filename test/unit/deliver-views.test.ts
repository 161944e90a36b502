import { describe, expect, it, vi } from 'vitest';
import * as present from '../../src/rooms/present';
import { memoryArena } from '../support/memory-arena';

describe('a broadcast with views per viewer', () => {
  it('builds and serialises each distinct view once: one per seat, one for every spectator together', async () => {
    const arena = memoryArena();
    const [a, b] = [await arena.connect('a'), await arena.connect('b')];
    await a.send({ action: 'create', game: 'battleship', name: 'Ada', id: 'c' });
    const room = a.last('welcome').room;
    await b.send({ action: 'join', room, name: 'Bob' });
    const crowd = await Promise.all(Array.from({ length: 500 }, async (_, i) => await arena.connect(`s${i}`)));
    for (const fan of crowd) await fan.send({ action: 'join', room, name: 'Fan' });
    const views = vi.spyOn(present, 'presentEvent');
    const stringify = vi.spyOn(JSON, 'stringify');

    await a.send({ action: 'chat', room, text: 'hello' });
    const chatViews = views.mock.calls.length;
    const chatSerialised = stringify.mock.calls.filter(([value]) => (value as { type?: string } | null)?.type === 'chat').length;
    views.mockClear();
    stringify.mockClear();
    await a.send({ action: 'move', room, kind: 'place', ships: [5, 4, 3, 3, 2].map((length, row) => ({ row, column: 0, length, direction: 'across' })) });

    // The move: a view for each seat (the sender's own copy included) and one shared by the 500 spectators.
    expect(views.mock.calls.map(([, , viewer]) => viewer).sort()).toEqual([0, 1, null]);
    expect(stringify.mock.calls.filter(([value]) => (value as { type?: string } | null)?.type === 'moved')).toHaveLength(3);
    expect(chatViews).toBe(3);
    expect(chatSerialised).toBe(3);
    expect(crowd.every((fan) => fan.last('moved').seq === a.last('moved').seq)).toBe(true);
    views.mockRestore();
    stringify.mockRestore();
  });
});
