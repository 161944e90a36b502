/**
 * A durable timer: a message that arrives when a room's clock is due (a turn
 * runs out, a seat's player has not come back). It names only the room and
 * the moment: whoever receives it asks the room what is due, so a timer for
 * a turn already played, or one that arrives twice, does nothing.
 */
export interface RoomTimer {
  room: string;
  /** When it is due, epoch ms. */
  at: number;
  /** The management API endpoint to announce the outcome on (the timer's Lambda has no request context). */
  endpoint: string;
}

export interface TimerQueue {
  /** Resolves once the timer is durably scheduled. */
  schedule(timer: RoomTimer): Promise<void>;
}
