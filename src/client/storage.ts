/** The part of Web Storage the client uses: `localStorage` fits, and so does `memoryStorage()`. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Storage that lives as long as the process: for Node, tests, or a page that must not persist anything. */
export const memoryStorage = (): KeyValueStorage => {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
  };
};

/**
 * `localStorage` where the page may use it, else memory. Reading the property
 * throws in sandboxed frames and some private modes, and Node has none.
 */
export const defaultStorage = (): KeyValueStorage => {
  try {
    const candidate = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    if (candidate !== undefined) {
      const probe = 'serverless-arena:probe';
      candidate.setItem(probe, '1');
      candidate.removeItem(probe);
      return candidate;
    }
  } catch {
    // Blocked: fall through to memory.
  }
  return memoryStorage();
};
