const NAME_KEY = 'serverless-arena:name';
const TAB_ROOM_KEY = 'serverless-arena:tab-room';

const attempt = <T>(read: () => T, fallback: T): T => {
  try {
    return read();
  } catch {
    // Storage blocked (a sandboxed frame, some private modes): the page works, it just forgets.
    return fallback;
  }
};

/** The name typed last time, to prefill the lobby. */
export const savedName = (): string => attempt(() => localStorage.getItem(NAME_KEY) ?? '', '');

export const saveName = (name: string): void => attempt(() => localStorage.setItem(NAME_KEY, name), undefined);

/**
 * The room this tab was in. sessionStorage is per tab and survives a reload:
 * a reload goes straight back into the room, while a second window opening the
 * same link still asks for a name.
 */
export const tabRoom = (): string | undefined => attempt(() => sessionStorage.getItem(TAB_ROOM_KEY) ?? undefined, undefined);

export const setTabRoom = (room: string | undefined): void =>
  attempt(() => (room === undefined ? sessionStorage.removeItem(TAB_ROOM_KEY) : sessionStorage.setItem(TAB_ROOM_KEY, room)), undefined);
