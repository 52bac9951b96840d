/**
 * The dialect seam's one rewrite: the store writes SQLite's placeholders (`?`, `@name`), and
 * PostgreSQL wants `$1…$n`. Everything else in the store's SQL is written to mean the same on both
 * engines; where the engines truly differ, the store picks a text per engine (`byEngine`).
 */
export interface PostgresText {
  text: string;
  /** For `@name` placeholders: the parameter name behind each `$n`, in order. */
  names: string[] | undefined;
}

export function toPostgresText(sqlite: string): PostgresText {
  let out = '';
  let positional = 0;
  const names: string[] = [];
  let i = 0;
  while (i < sqlite.length) {
    const c = sqlite[i]!;
    // Quoted strings, quoted identifiers and comments are copied untouched.
    if (c === "'" || c === '"') {
      const end = sqlite.indexOf(c, i + 1);
      const stop = end === -1 ? sqlite.length : end + 1;
      out += sqlite.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '-' && sqlite[i + 1] === '-') {
      const end = sqlite.indexOf('\n', i);
      const stop = end === -1 ? sqlite.length : end;
      out += sqlite.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '?') {
      out += `$${++positional}`;
      i += 1;
      continue;
    }
    if (c === '@' && /[A-Za-z_]/.test(sqlite[i + 1] ?? '')) {
      const name = /^@([A-Za-z_]\w*)/.exec(sqlite.slice(i))![1]!;
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      out += `$${index + 1}`;
      i += name.length + 1;
      continue;
    }
    out += c;
    i += 1;
  }
  // PostgreSQL folds unquoted names to lower case; the store's camelCase aliases keep their case.
  out = out.replace(/\bAS ([a-z]\w*[A-Z]\w*)\b/g, 'AS "$1"');
  return { text: out, names: names.length > 0 ? names : undefined };
}

/** The values for `$1…$n`: positional as given, or a named object's values in placeholder order. */
export function postgresParams(text: PostgresText, params: unknown[]): unknown[] {
  const values =
    text.names && params.length === 1 && isRecord(params[0])
      ? text.names.map((name) => (params[0] as Record<string, unknown>)[name])
      : params;
  // better-sqlite3 stores true/false as 1/0; so do we, to read back the same.
  return values.map((v) => (v === undefined ? null : typeof v === 'boolean' ? Number(v) : v));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Buffer)
  );
}
