import { battleship } from './battleship';
import { connectFour } from './connect-four';
import type { GameRules } from './rules';

/** Every game this server can host, by id. Adding a game is one line here. */
const games: ReadonlyMap<string, GameRules> = new Map<string, GameRules>([
  [connectFour.id, connectFour],
  [battleship.id, battleship],
]);

export const DEFAULT_GAME = connectFour.id;

export const allGames = (): GameRules[] => [...games.values()];

/** The ids `create`, `quickplay` and `rooms` accept. */
export const gameIds = (): string[] => [...games.keys()];

export const rulesFor = (id: string): GameRules => {
  const rules = games.get(id);
  if (rules === undefined) throw new Error(`no rules registered for game ${JSON.stringify(id)}`);
  return rules;
};
