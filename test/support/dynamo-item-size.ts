/**
 * DynamoDB's item size, by the rules its billing uses (Developer Guide, "Item sizes and formats"): attribute
 * names count in UTF-8 bytes; a string is its UTF-8 bytes, a binary its bytes, a number about one byte per
 * two significant digits plus one, a boolean or null one byte; a list or map 3 bytes plus each element and
 * one byte per element. Used where a response reports no capacity (a failed conditional write).
 */
export type AttributeValue = Record<string, unknown>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

const numberSize = (text: string): number => {
  const digits = text.replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
};

export const valueSize = (value: AttributeValue): number => {
  const [type, inner] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return utf8(inner as string);
    case 'N':
      return numberSize(inner as string);
    case 'B':
      return Buffer.from(inner as string, 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (inner as string[]).reduce((sum, s) => sum + utf8(s), 0);
    case 'NS':
      return (inner as string[]).reduce((sum, n) => sum + numberSize(n), 0);
    case 'BS':
      return (inner as string[]).reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
    case 'L': {
      const items = inner as AttributeValue[];
      return 3 + items.reduce((sum, item) => sum + valueSize(item) + 1, 0);
    }
    case 'M': {
      const entries = Object.entries(inner as Record<string, AttributeValue>);
      return 3 + entries.reduce((sum, [name, item]) => sum + utf8(name) + valueSize(item) + 1, 0);
    }
    default:
      throw new Error(`unknown DynamoDB attribute type ${type}`);
  }
};

export const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);

/** Write units for an item of `bytes`: one per started KB, at least one. */
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
