import type { You } from '../../../src/client';
import type { MovedEvent, RoomState, Seat } from '../../../src/protocol';
import { el } from '../dom';
import { FLEET, fits, randomFleet, shipAt, type Direction, type Ship, type Shot } from './battleship-fleet';
import { SeaGrid, type SeaMarks } from './battleship-grid';
import type { GameActions, GameRenderer, GameView, RenderContext } from './types';

/** Battleship's fields of the room state, as the server's view gives them to this viewer (docs/games.md). */
interface Fields {
  phase: 'placement' | 'battle' | 'over';
  placed: [boolean, boolean];
  /** Your own fleet; the other one only once the game is over. */
  fleets: [Ship[] | null, Ship[] | null];
  /** Shots fired BY each seat. */
  shots: [Shot[], Shot[]];
  sunk: [Ship[], Ship[]];
}

const pair = <T>(value: unknown, fallback: T): [T, T] => (Array.isArray(value) ? [(value[0] as T) ?? fallback, (value[1] as T) ?? fallback] : [fallback, fallback]);

const fieldsOf = (state: RoomState): Fields => ({
  phase: state.phase === 'battle' || state.phase === 'over' ? state.phase : 'placement',
  placed: pair(state.placed, false),
  fleets: pair<Ship[] | null>(state.fleets, null),
  shots: pair<Shot[]>(state.shots, []),
  sunk: pair<Ship[]>(state.sunk, []),
});

const other = (seat: Seat): Seat => (seat === 0 ? 1 : 0);
/** A seat's entry of a per-seat pair. */
const of = <T>(pair: [T, T], seat: Seat): T => pair[seat === 0 ? 0 : 1];

/**
 * Two seas. A player sees their own fleet with the shots fired at it, and the
 * enemy's sea with their own shots and the ships they sank; a spectator sees
 * both seas with shots and sunk ships only. Fleets arrive from the server only
 * for whoever may see them, so nothing is hidden here: what is not sent
 * cannot be drawn. Placement is local until "Ready" sends the whole fleet.
 */
class BattleshipView implements GameView {
  private readonly left: SeaGrid;
  private readonly right: SeaGrid;
  private readonly controls: HTMLElement;
  private readonly rotate: HTMLButtonElement;
  private readonly ready: HTMLButtonElement;
  private readonly next: HTMLElement;
  private state: RoomState | undefined;
  private you: You | undefined;
  private context: RenderContext | undefined;
  /** The fleet being placed, not sent yet. */
  private draft: Ship[] = [];
  private direction: Direction = 'across';
  private hover: [number, number] | undefined;
  private round = 0;
  private pendingShot: { by: Seat; row: number; column: number } | undefined;

  constructor(
    root: HTMLElement,
    private readonly actions: GameActions,
  ) {
    this.left = new SeaGrid('left', (row, column) => this.pickLeft(row, column), (cell) => this.hovered(cell));
    this.right = new SeaGrid('right', (row, column) => this.shoot(row, column));
    this.rotate = el('button', { attrs: { type: 'button', id: 'bs-rotate' } });
    this.rotate.addEventListener('click', () => this.turnShip());
    const random = el('button', { text: 'Random fleet', attrs: { type: 'button', id: 'bs-random' } });
    random.addEventListener('click', () => this.update(() => (this.draft = randomFleet())));
    const clear = el('button', { text: 'Clear', className: 'quiet', attrs: { type: 'button', id: 'bs-clear' } });
    clear.addEventListener('click', () => this.update(() => (this.draft = [])));
    this.ready = el('button', { text: 'Ready', className: 'primary', attrs: { type: 'button', id: 'bs-ready' } });
    this.ready.addEventListener('click', () => this.submit());
    this.next = el('p', { className: 'muted bs-next', attrs: { id: 'bs-next', 'aria-live': 'polite' } });
    this.controls = el('div', { className: 'bs-controls', attrs: { id: 'bs-controls' } }, [this.next, el('div', { className: 'row wrap' }, [this.rotate, random, clear, this.ready])]);
    root.replaceChildren(el('div', { className: 'battleship' }, [el('div', { className: 'seas' }, [this.left.element, this.right.element]), this.controls]));
  }

  render(state: RoomState, you: You, context: RenderContext): void {
    if (state.round !== this.round) {
      // A new game (a rematch): the old draft belongs to the old one.
      this.round = state.round;
      this.draft = [];
    }
    this.state = state;
    this.you = you;
    this.context = context;
    const game = fieldsOf(state);
    const { nameOf } = context;
    const placing = this.placing(state, you);
    const shot = this.pendingShot;
    this.pendingShot = undefined;

    if (you.seat === null) {
      // Spectators: seat 0's sea on the left, seat 1's on the right; the seas' owners are the seats.
      this.left.element.dataset.seat = '0';
      this.right.element.dataset.seat = '1';
      this.left.render(`${nameOf(0)}'s fleet`, this.sea(game, 0, false));
      this.right.render(`${nameOf(1)}'s fleet`, this.sea(game, 1, false));
      if (shot !== undefined) (shot.by === 0 ? this.right : this.left).flash(shot.row, shot.column);
    } else {
      const me = you.seat;
      const enemy = other(me);
      this.left.element.dataset.seat = String(me);
      this.right.element.dataset.seat = String(enemy);
      const own = this.sea(game, me, false);
      this.left.render(
        'Your fleet',
        placing ? { ...own, ships: this.draft, interactive: true, ...(this.preview() === undefined ? {} : { preview: this.preview() }) } : own,
      );
      const myTurn = state.status === 'playing' && game.phase === 'battle' && state.toMove.includes(me);
      this.right.render(`${nameOf(enemy)}'s waters`, this.sea(game, enemy, myTurn && context.connected));
      if (shot !== undefined) (shot.by === me ? this.right : this.left).flash(shot.row, shot.column);
    }
    this.left.element.dataset.role = you.seat === null ? 'seat' : 'own';
    this.right.element.dataset.role = you.seat === null ? 'seat' : 'enemy';
    this.renderControls(placing, state, context);
  }

  onEvent(event: MovedEvent): void {
    if (event.kind === 'shoot' && typeof event.row === 'number' && typeof event.column === 'number') this.pendingShot = { by: event.by, row: event.row, column: event.column };
  }

  onKey(event: KeyboardEvent): boolean {
    if ((event.key !== 'r' && event.key !== 'R') || this.state === undefined || this.you === undefined || !this.placing(this.state, this.you)) return false;
    this.turnShip();
    return true;
  }

  destroy(): void {}

  /** What `seat`'s sea shows: its fleet if sent to this viewer, its sunk ships, and the other seat's shots at it. */
  private sea(game: Fields, seat: Seat, interactive: boolean): SeaMarks {
    return { ships: of(game.fleets, seat) ?? [], sunk: of(game.sunk, seat), shots: of(game.shots, other(seat)), interactive };
  }

  /** This viewer still has a fleet to place in this game (the draft may start while the room waits for an opponent). */
  private placing(state: RoomState, you: You): boolean {
    const game = fieldsOf(state);
    return you.seat !== null && game.phase === 'placement' && !of(game.placed, you.seat) && (state.status === 'playing' || state.status === 'waiting');
  }

  /** The longest ship of the fleet not placed yet (a ship picked up is placed again next). */
  private nextLength(): number | undefined {
    const left = [...FLEET];
    for (const ship of this.draft) left.splice(left.indexOf(ship.length), 1);
    return left[0];
  }

  private preview(): { ship: Ship; fits: boolean } | undefined {
    const length = this.nextLength();
    if (this.hover === undefined || length === undefined) return undefined;
    const ship = { row: this.hover[0], column: this.hover[1], length, direction: this.direction };
    return { ship, fits: fits(ship, this.draft) };
  }

  private renderControls(placing: boolean, state: RoomState, context: RenderContext): void {
    this.controls.hidden = !placing;
    if (!placing) return;
    const length = this.nextLength();
    this.next.textContent =
      length === undefined
        ? state.status === 'playing'
          ? 'Fleet placed: press Ready.'
          : 'Fleet placed: Ready once an opponent sits down.'
        : `Place a ship of ${length} (${this.draft.length + 1} of ${FLEET.length}): click its first cell. Click a ship to pick it up.`;
    this.rotate.textContent = `Rotate: ${this.direction} (R)`;
    this.ready.disabled = length !== undefined || state.status !== 'playing' || !context.connected;
  }

  /** Redraws after a change to the draft. */
  private update(change: () => void): void {
    change();
    if (this.state !== undefined && this.you !== undefined && this.context !== undefined) this.render(this.state, this.you, this.context);
  }

  private turnShip(): void {
    this.update(() => (this.direction = this.direction === 'across' ? 'down' : 'across'));
  }

  private hovered(cell: [number, number] | undefined): void {
    if (this.state === undefined || this.you === undefined || !this.placing(this.state, this.you)) return;
    this.update(() => (this.hover = cell));
  }

  /** A click on your own sea while placing: the next ship starts there, or the ship there is picked up. */
  private pickLeft(row: number, column: number): void {
    const placed = shipAt(this.draft, row, column);
    if (placed !== undefined) return this.update(() => (this.draft = this.draft.filter((ship) => ship !== placed)));
    const length = this.nextLength();
    if (length === undefined) return this.actions.notify('Your fleet is placed: press Ready, or click a ship to move it.');
    const ship = { row, column, length, direction: this.direction };
    if (!fits(ship, this.draft)) return this.actions.notify(`A ship of ${length} does not fit there (${this.direction}).`);
    this.update(() => this.draft.push(ship));
  }

  private submit(): void {
    if (this.draft.length !== FLEET.length) return this.actions.notify('Place every ship first.');
    this.actions.play({ kind: 'place', ships: this.draft.map((ship) => ({ ...ship })) });
  }

  private shoot(row: number, column: number): void {
    const { state, you } = this;
    if (state === undefined || you === undefined) return;
    if (you.seat === null) return this.actions.notify('Spectators watch: join another room to play.');
    const game = fieldsOf(state);
    if (game.phase !== 'battle' || !state.toMove.includes(you.seat)) return this.actions.notify('Not your turn.');
    if (of(game.shots, you.seat).some((shot) => shot.row === row && shot.column === column)) return this.actions.notify('You already fired there.');
    this.actions.play({ kind: 'shoot', row, column });
  }
}

/** Battleship: place a fleet unseen, then take turns shooting at the other sea. */
export const battleship: GameRenderer = {
  id: 'battleship',
  title: 'Battleship',
  seats: 2,
  seatLabel: () => undefined,
  drawText: 'Draw.',
  turnLine(state, you, nameOf) {
    const game = fieldsOf(state);
    if (state.status !== 'playing' || game.phase !== 'placement') return undefined;
    const waiting = [0, 1].filter((seat) => !of(game.placed, seat));
    if (you.seat !== null && waiting.includes(you.seat)) return { text: 'Place your fleet.', mine: true };
    return { text: `Waiting for ${waiting.map(nameOf).join(' and ')} to place.`, mine: false };
  },
  mount: (root, actions) => new BattleshipView(root, actions),
};
