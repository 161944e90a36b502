import { Limits } from '../../src/protocol';

export const isRoomCode = (value: string): boolean => Limits.roomPattern.test(value);

/** The room the page's URL invites to (`?room=...`), if it names a valid one. */
export const roomInUrl = (): string | undefined => {
  const room = new URLSearchParams(location.search).get('room')?.trim();
  return room !== undefined && isRoomCode(room) ? room : undefined;
};

/** The link that opens this page in `room`. */
export const linkTo = (room: string): string => {
  const url = new URL(location.href);
  url.search = new URLSearchParams({ room }).toString();
  url.hash = '';
  return url.toString();
};

/** Puts the room in the address bar (or takes it out), so reloading or sharing the URL lands in the room. */
export const showRoomInUrl = (room: string | undefined): void => {
  const url = room === undefined ? new URL(location.pathname, location.href).toString() : linkTo(room);
  history.replaceState(null, '', url);
};
