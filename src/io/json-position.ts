/**
 * The offset of the first character where `text` stops being valid JSON, or -1 when it is
 * valid. Node 20's JSON.parse does not always say where ("Unexpected token ']', ... is not
 * valid JSON"), and a config error must name the line and column.
 */
export function jsonErrorPosition(text: string): number {
  let i = 0;
  const fail = (at: number): never => {
    throw at;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const c of word) if (text[i++] !== c) fail(i - 1);
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail(i);
      const c = text[i] as string;
      if (c === '"') return void i++;
      if (c < ' ') fail(i);
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(i);
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail(i);
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail(i);
        string();
        space();
        if (text[i] !== ':') fail(i);
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail(i);
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(i);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(i);
  };
  try {
    value();
    space();
    if (i < text.length) fail(i);
    return -1;
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
}

/** A key given twice in one JSON object: where its second writing starts, and where its first did. */
export interface DuplicateKey {
  key: string;
  at: number;
  first: number;
}

/**
 * The first key written twice in one object of valid JSON text, or null. JSON.parse keeps the
 * last silently, so `"rate": "5.10", …, "rate": "6.10"` (a line copied and edited, the old one
 * left) would charge at a rate the reader of the file may not see.
 */
export function duplicateKey(text: string): DuplicateKey | null {
  // One entry per open object (its keys and where each was written) or array (null).
  const open: (Map<string, number> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') open.push(new Map());
    else if (c === '[') open.push(null);
    else if (c === '}' || c === ']') open.pop();
    else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      let next = i + 1;
      while (next < text.length && ' \t\n\r'.includes(text[next] as string)) next++;
      const keys = open.at(-1);
      if (text[next] !== ':' || !keys) continue;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      const first = keys.get(key);
      if (first !== undefined) return { key, at: start, first };
      keys.set(key, start);
    }
  }
  return null;
}
