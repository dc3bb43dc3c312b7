/**
 * A strict JSON reader for gateway replies that keeps what JSON.parse throws away:
 *  - every key of an object in document order, duplicates included (JSON.parse keeps the last);
 *  - the exact text of each number (`0`, `0.0`, `-0`, `1e-400` are all 0 to JSON.parse);
 *  - a canonical text of each value, to tell a harmless repeat from a conflicting one.
 * Grammar: RFC 8259 (the same documents JSON.parse accepts). Framework-free.
 */

export type JsonNode =
  | { kind: 'object'; entries: [string, JsonNode][]; canon: string }
  | { kind: 'array'; items: JsonNode[]; canon: string }
  | { kind: 'string'; value: string; canon: string }
  | { kind: 'number'; raw: string; value: number; canon: string }
  | { kind: 'boolean'; value: boolean; canon: string }
  | { kind: 'null'; canon: string };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 64;

/** Parse a whole JSON document (surrounding JSON whitespace allowed). Throws JsonSyntaxError. */
export function parseJsonNode(text: string): JsonNode {
  let i = 0;
  const n = text.length;

  const fail = (msg: string): never => {
    throw new JsonSyntaxError(msg, i);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };

  function str(): string {
    // text[i] === '"'
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        out += text.slice(start, i);
        i++;
        const e = text[i];
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(i + 1, i + 5);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            fail('bad escape');
        }
        i++;
        start = i;
        continue;
      }
      i++;
    }
  }

  function value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    ws();
    if (i >= n) fail('unexpected end');
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, JsonNode][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries, canon: '{}' };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = str();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        entries.push([key, value(depth + 1)]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          break;
        }
        fail("expected ',' or '}'");
      }
      return {
        kind: 'object',
        entries,
        canon: `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v.canon}`).join(',')}}`,
      };
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, canon: '[]' };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          break;
        }
        fail("expected ',' or ']'");
      }
      return { kind: 'array', items, canon: `[${items.map((v) => v.canon).join(',')}]` };
    }
    if (c === '"') {
      const s = str();
      return { kind: 'string', value: s, canon: JSON.stringify(s) };
    }
    if (text.startsWith('true', i)) {
      i += 4;
      return { kind: 'boolean', value: true, canon: 'true' };
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return { kind: 'boolean', value: false, canon: 'false' };
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return { kind: 'null', canon: 'null' };
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '' || m[0] === '-') fail('unexpected character');
    const raw = m![0];
    i += raw.length;
    return { kind: 'number', raw, value: Number(raw), canon: raw };
  }

  const root = value(0);
  ws();
  if (i !== n) fail('unexpected text after the document');
  return root;
}

/** The plain JavaScript value of a node (as JSON.parse gives it, but the FIRST of duplicate keys wins). */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of node.entries) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = toPlain(v);
      return out;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
  }
}

/** ASCII-only lower case: never folds Unicode look-alikes (ſ, K, ﬁ …) into ASCII letters. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** ASCII-only upper case. */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** Trim ASCII whitespace only (space, tab, LF, VT, FF, CR); Unicode spaces stay and make a value unknown. */
export function asciiTrim(s: string): string {
  return s.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
}

/**
 * Group an object's entries by ASCII-lower-cased key. Returns the first entry of each key, and
 * the keys that appear more than once with different values (conflicts).
 */
export function foldKeys(node: Extract<JsonNode, { kind: 'object' }>): {
  fields: Map<string, JsonNode>;
  conflicts: string[];
} {
  const fields = new Map<string, JsonNode>();
  const conflicts: string[] = [];
  for (const [k, v] of node.entries) {
    const key = asciiLower(k);
    const first = fields.get(key);
    if (first === undefined) fields.set(key, v);
    else if (first.canon !== v.canon && !conflicts.includes(key)) conflicts.push(key);
  }
  return { fields, conflicts };
}
