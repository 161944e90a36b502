import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderers } from '../../../web/src/games';

/**
 * A game is its rules (src/games/) plus its renderer (web/src/games/): the
 * rest of the page picks the renderer by `state.game` and must not know which
 * game a room plays, so adding a game changes nothing outside those two places.
 */
const WEB = fileURLToPath(new URL('../../../web', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'dist') return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|html|css)$/.test(name) ? [path] : [];
  });
const outsideGames = files(WEB)
  .map((path) => ({ path: relative(WEB, path), text: readFileSync(path, 'utf8') }))
  .filter((file) => !file.path.startsWith('src/games/'));
/** The code without its comments, which may well speak of boards and columns. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('the page outside web/src/games', () => {
  it('imports no game renderer but through the registry (games/index.ts) and its types', () => {
    const imports = outsideGames.flatMap((file) => [...file.text.matchAll(/from\s+'([^']*games[^']*)'/g)].map((m) => `${file.path}: ${m[1]}`));
    expect(imports.filter((line) => !/: \.\/games(\/types)?$/.test(line))).toEqual([]);
  });

  it('names no game in its scripts and markup: no game id or title, no board geometry, no seat colours', () => {
    const words = [...renderers.flatMap((renderer) => [renderer.id, renderer.title]), 'column', 'board', 'fleet', 'ship', 'red', 'yellow'];
    const named = outsideGames
      .filter((file) => !file.path.endsWith('.css'))
      .flatMap((file) => words.filter((word) => new RegExp(`\\b${word}\\b`, 'i').test(code(file.text))).map((word) => `${file.path}: ${word}`));
    expect(named).toEqual([]);
  });

  it('styles no game: each game’s look is in its own stylesheet beside its renderer, which styles.css only imports', () => {
    const styles = outsideGames.find((file) => file.path === 'styles.css')?.text ?? '';
    const rules = code(styles).replace(/^@import .*$/gm, '');
    const named = renderers.flatMap((renderer) => [renderer.id, renderer.title]).filter((word) => rules.toLowerCase().includes(word.toLowerCase()));
    expect(named).toEqual([]);
    // Selectors of the games' own elements.
    expect(rules.match(/\.(board|column|cell|sea|sea-cell|battleship)\b/g)).toBeNull();
  });
});
